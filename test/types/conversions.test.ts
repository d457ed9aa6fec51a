// Unit tests of the integer conversions (src/engine/types/conversions.ts). Every expected value is worked out
// by hand from C11 for the BPF target (LP64: char 8 bits and signed, short 16, int 32, long and long long 64).

import { strict as assert } from 'node:assert';
import { CType, EnumType, IntType, T } from '../../src/engine/types/ctype';
import { literalType, promote, usualArith, wrapInt } from '../../src/engine/types/conversions';

/** What a test cares about in an integer type: its name, width and signedness. */
function sig(t: CType): string {
  if (t.k !== 'int') return t.k === 'float' ? t.name : t.k;
  return `${t.name}/${t.size * 8}${t.signed ? 's' : 'u'}`;
}

const typedefOf = (name: string, to: CType): CType => ({ k: 'typedef', name, to });
const enumOf = (base: IntType): CType => {
  const en: EnumType = { name: 'e', complete: true, base, values: new Map([['A', 1n]]) };
  return { k: 'enum', en };
};

describe('conversions: integer promotion (6.3.1.1p2)', () => {
  // "If an int can represent all values of the original type, the value is converted to an int;
  // otherwise, it is converted to an unsigned int." Types of rank >= int are left alone.
  const cases: Array<[string, CType, string]> = [
    ['char (signed here) fits in int', T.char, 'int/32s'],
    ['unsigned char fits in int', T.uchar, 'int/32s'],
    ['signed char fits in int', T.schar, 'int/32s'],
    ['short fits in int', T.short, 'int/32s'],
    ['unsigned short (16 bits) fits in int', T.ushort, 'int/32s'],
    ['_Bool has the lowest rank and fits in int', T.bool, 'int/32s'],
    ['int stays int', T.int, 'int/32s'],
    ['unsigned int has the rank of int: not promoted', T.uint, 'unsigned int/32u'],
    ['long is above int: not promoted', T.long, 'long/64s'],
    ['unsigned long long is not promoted', T.ullong, 'unsigned long long/64u'],
    ['a typedef of unsigned char (__u8) promotes like unsigned char', typedefOf('__u8', T.uchar), 'int/32s'],
    ['a const unsigned short promotes to int', { ...T.ushort, const: true }, 'int/32s'],
    ['an enum compatible with unsigned int keeps the rank of int: not promoted', enumOf(T.uint), 'unsigned int/32u'],
    ['an enum compatible with long is not promoted', enumOf(T.long), 'long/64s'],
  ];
  for (const [rule, input, expected] of cases) it(rule, () => assert.equal(sig(promote(input)), expected));

  it('non-integers are not touched by the integer promotions', () => {
    assert.equal(sig(promote(T.float)), 'float');
    assert.equal(sig(promote(T.double)), 'double');
  });
});

describe('conversions: usual arithmetic conversions (6.3.1.8)', () => {
  const cases: Array<[string, CType, CType, string]> = [
    // Both operands are promoted first; equal types then need nothing more.
    ['char + char: both promote to int', T.char, T.char, 'int/32s'],
    ['unsigned char + signed char: both promote to int', T.uchar, T.schar, 'int/32s'],
    ['short + unsigned short: both promote to int', T.short, T.ushort, 'int/32s'],
    ['_Bool + _Bool: both promote to int', T.bool, T.bool, 'int/32s'],
    // Same signedness: the lower rank converts to the higher.
    ['int + long: long', T.int, T.long, 'long/64s'],
    ['unsigned int + unsigned long: unsigned long', T.uint, T.ulong, 'unsigned long/64u'],
    // Unsigned operand of rank >= the signed one's: the unsigned type wins.
    ['int + unsigned int: unsigned int', T.int, T.uint, 'unsigned int/32u'],
    ['unsigned int + int (order does not matter)', T.uint, T.int, 'unsigned int/32u'],
    ['long + unsigned long: unsigned long', T.long, T.ulong, 'unsigned long/64u'],
    ['int + unsigned long: unsigned long', T.int, T.ulong, 'unsigned long/64u'],
    ['long + unsigned long long: unsigned long long', T.long, T.ullong, 'unsigned long long/64u'],
    // Signed operand of higher rank that can represent every value of the unsigned one: the signed type.
    ['unsigned int + long: long (64 bits hold every 32-bit value)', T.uint, T.long, 'long/64s'],
    ['long long + unsigned int: long long', T.llong, T.uint, 'long long/64s'],
    ['unsigned short + unsigned int: short promotes to int, then unsigned int', T.ushort, T.uint, 'unsigned int/32u'],
    ['char + unsigned int: unsigned int', T.char, T.uint, 'unsigned int/32u'],
    ['an unsigned-int enum + int: unsigned int', enumOf(T.uint), T.int, 'unsigned int/32u'],
    ['__u16 (typedef) + int: int', typedefOf('__u16', T.ushort), T.int, 'int/32s'],
    // Otherwise both convert to the unsigned type matching the signed operand's rank.
    ['long long + unsigned long: unsigned long long (long long ranks above long)', T.llong, T.ulong, 'unsigned long long/64u'],
    // Floating operands: the wider floating type.
    ['float + long: float', T.float, T.long, 'float'],
    ['double + float: double', T.double, T.float, 'double'],
    ['int + double: double', T.int, T.double, 'double'],
  ];
  for (const [rule, a, b, expected] of cases) it(rule, () => assert.equal(sig(usualArith(a, b)), expected));

  it('long + long long: long long, the higher rank (6.3.1.1p1: long long ranks above long)', () => {
    assert.equal(sig(usualArith(T.long, T.llong)), 'long long/64s');
    assert.equal(sig(usualArith(T.llong, T.long)), 'long long/64s');
  });

  it('the common type is unqualified (operands are values, 6.3.2.1p2)', () => {
    const r = usualArith({ ...T.uint, const: true }, T.int);
    assert.equal(sig(r), 'unsigned int/32u');
    assert.ok(!r.const, 'const unsigned int + int must not be const');
  });
});

describe('conversions: wrapping into an integer type (6.3.1.3)', () => {
  // Unsigned targets: the value modulo 2^N. Signed targets: implementation-defined; clang (and GCC) wrap modulo
  // 2^N into the signed range. _Bool: 0 stays 0, anything else becomes 1 (6.3.1.2).
  const cases: Array<[string, bigint, IntType, bigint]> = [
    ['300 into unsigned char: 300 - 256', 300n, T.uchar, 44n],
    ['200 into signed char: 200 - 256', 200n, T.schar, -56n],
    ['200 into char (signed on BPF)', 200n, T.char, -56n],
    ['-1 into unsigned char: 255', -1n, T.uchar, 255n],
    ['65536 into unsigned short: 0', 65536n, T.ushort, 0n],
    ['65535 into short: -1', 65535n, T.short, -1n],
    ['2^31 into int: INT_MIN', 2n ** 31n, T.int, -(2n ** 31n)],
    ['-2^31 - 1 into int: INT_MAX', -(2n ** 31n) - 1n, T.int, 2n ** 31n - 1n],
    ['-1 into unsigned int: UINT_MAX', -1n, T.uint, 2n ** 32n - 1n],
    ['2^32 + 1 into unsigned int: 1', 2n ** 32n + 1n, T.uint, 1n],
    ['-1 into unsigned long: ULONG_MAX', -1n, T.ulong, 2n ** 64n - 1n],
    ['2^63 into long: LONG_MIN', 2n ** 63n, T.long, -(2n ** 63n)],
    ['2^64 into unsigned long long: 0', 2n ** 64n, T.ullong, 0n],
    ['256 into _Bool: nonzero, so 1 (not 256 mod 2)', 256n, T.bool, 1n],
    ['-1 into _Bool: 1', -1n, T.bool, 1n],
    ['0 into _Bool: 0', 0n, T.bool, 0n],
    ['a value in range is unchanged', 123n, T.short, 123n],
  ];
  for (const [rule, v, t, expected] of cases) it(rule, () => assert.equal(wrapInt(v, t), expected));
});

describe('conversions: the type of an integer constant (6.4.4.1p5)', () => {
  // Decimal, no suffix: int, long int, long long int. Octal/hex, no suffix: int, unsigned int, long,
  // unsigned long, long long, unsigned long long. u: unsigned int, unsigned long, unsigned long long.
  // l: long (then unsigned long for octal/hex), long long... ll: long long (then unsigned long long for octal/hex).
  const cases: Array<[string, bigint, string, boolean, string]> = [
    ['INT_MAX, decimal: int', 2147483647n, '', true, 'int/32s'],
    ['2147483648, decimal: long (decimal never tries unsigned int)', 2147483648n, '', true, 'long/64s'],
    ['0x80000000, hex: unsigned int', 0x80000000n, '', false, 'unsigned int/32u'],
    ['0xffffffff, hex: unsigned int', 0xffffffffn, '', false, 'unsigned int/32u'],
    ['0x100000000, hex: long', 0x100000000n, '', false, 'long/64s'],
    ['4294967296, decimal: long', 4294967296n, '', true, 'long/64s'],
    ['LONG_MAX, decimal: long', 2n ** 63n - 1n, '', true, 'long/64s'],
    ['0x8000000000000000, hex: unsigned long', 2n ** 63n, '', false, 'unsigned long/64u'],
    ['2147483648u: unsigned int', 2147483648n, 'u', true, 'unsigned int/32u'],
    ['4294967296U: unsigned long', 4294967296n, 'U', true, 'unsigned long/64u'],
    ['1l: long', 1n, 'l', true, 'long/64s'],
    ['1L: the suffix is case-insensitive', 1n, 'L', true, 'long/64s'],
    ['0xffffffffffffffffl, hex: unsigned long', 2n ** 64n - 1n, 'l', false, 'unsigned long/64u'],
    ['1ul: unsigned long', 1n, 'ul', true, 'unsigned long/64u'],
    ['1LU: unsigned long, suffix letters in either order', 1n, 'LU', true, 'unsigned long/64u'],
    ['1ll: long long', 1n, 'll', true, 'long long/64s'],
    ['1ULL: unsigned long long', 1n, 'ULL', true, 'unsigned long long/64u'],
    ['0x8000000000000000ll, hex: unsigned long long', 2n ** 63n, 'll', false, 'unsigned long long/64u'],
    ['017777777777 (octal INT_MAX): int', 0o17777777777n, '', false, 'int/32s'],
    ['020000000000 (octal 2^31): unsigned int', 0o20000000000n, '', false, 'unsigned int/32u'],
    ['0: int', 0n, '', true, 'int/32s'],
  ];
  for (const [rule, v, suffix, decimal, expected] of cases) {
    it(rule, () => assert.equal(sig(literalType(v, suffix, decimal)), expected));
  }

  it('a decimal too large for long long is taken as unsigned (clang: "interpreting as unsigned")', () => {
    const t = literalType(2n ** 63n, '', true);
    assert.equal(t.size, 8);
    assert.equal(t.signed, false);
  });
});
