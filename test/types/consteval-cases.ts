// Integer constant expressions for the differential test: each is evaluated by clang and by our engine,
// comparing value, sizeof and signedness of its type. CONST_PRELUDE declares what the expressions use.

export const CONST_PRELUDE = `#include <linux/types.h>
#include <stddef.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
struct inner { char a; int b; struct { short x; char y; } arr[4]; };
struct t { char c; long m; int arr[5]; struct inner in; union { int u1; char u2[6]; }; char tail; };
struct pk { char c; int i; } __attribute__((packed));
struct bits { unsigned int lo:4; signed int sx:3; unsigned long wide:40; };
enum small { S0, S1, S5 = 5, S6 };
enum neg { N1 = -1, N2 = 0x7fffffff };
enum big { BIG = 0x100000000ULL, BIG2 };
enum mixed { M1 = -1, M2 = 0x80000000 };
enum __attribute__((packed)) tiny { T1 = 1, T200 = 200 };
int arr[10];
struct t tv;
struct pk pkv;
struct bits bv;
char buf[7];
const char str[] = "hello";
`;

export const CONST_CASES: string[] = [
  // Literal types (C11 6.4.4.1): decimal tries int, long; hex/octal also try the unsigned ones.
  '2147483647', '2147483648', '-2147483648', '-2147483647 - 1', '4294967295', '4294967296',
  '0x7fffffff', '0x80000000', '0xffffffff', '0x100000000', '017777777777', '020000000000',
  '9223372036854775807', '0x7fffffffffffffff', '0x8000000000000000', '0xffffffffffffffff',
  '2147483648u', '4294967296u', '0xffffffffU', '1l', '0x80000000l', '0xffffffffffffffffl', '1ll', '1ull',
  '1LU', '0u', '00', '0x0',
  // Usual arithmetic conversions (6.3.1.8).
  '-1 < 1u', '-1L < 1u', '-1LL < 1ULL', '-1 > 0u', '-1L < 1ul', '(unsigned)-1 > -1L', '(unsigned long)-1 > -1L',
  '(unsigned char)-1 > (signed char)-1', '(unsigned short)-1 > -1', '1u + -2', '1u - 2 > 0', '0u - 1 < 0',
  '(unsigned short)-1 + 1', '(unsigned char)255 + 1', '0x7fffffff + 1u', '0xffffffffu * 2', '65536L * 65536',
  '(int)(65536L * 65536)', '1 + 2L', '(char)1 + (char)1', '(short)-3 * (unsigned short)2', '2 == 2L',
  '3 > 2 > 1',
  // Casts wrap (6.3.1.3).
  '(unsigned char)300', '(signed char)200', '(__u16)~0', '(__s8)0x80', '(__u8)-1', '(short)65535',
  '(int)4294967295u', '(unsigned)-1', '(int)0x80000000', '(_Bool)256', '(_Bool)0', '(__u32)-1L',
  '(__s16)0x12345678', '(unsigned long)-1 >> 63', '(__typeof__(1u))-1', '(__typeof__(S0))2', '(char)200 == -56',
  // Unary operators promote first.
  '~0', '~0u', '~0ul', '~0u >> 1', '-(unsigned char)1', '-1u', '-(1ul)', '!0', '!5', '!1L', '~(char)0',
  '-(short)-32768',
  // Division truncates toward zero.
  '-5 / 2', '-5 % 2', '-7 / 2', '-7 % 2', '7 % -2', '-7 / -2', '(unsigned)-7 / 2', '-7 / 2u', '-7L / 2u',
  '-7 % 2u',
  // Shifts: the type is the promoted left operand's; right shift of a negative value is arithmetic.
  '1 << 31', '1u << 31', '1ull << 63 >> 63', '(1ll << 62) >> 61', '-8 >> 1', '-1 >> 10', '-16 >> 2',
  '(char)-128 >> 1', '0x80000000 >> 31', '(int)0x80000000 >> 31', '1 << 2u', '1u << 2L', '(char)1 << 7',
  '(short)1 << 2', '-1L >> 63', '(unsigned char)0x80 << 1', '-1 >> 1u', '0x7fffffff * 2L',
  // sizeof and _Alignof.
  'sizeof(struct t)', 'sizeof(struct inner)', 'sizeof(int[5])', 'sizeof(void *)', 'sizeof(char)', 'sizeof(_Bool)',
  'sizeof(enum small)', 'sizeof(enum big)', 'sizeof(enum tiny)', 'sizeof(struct pk)', 'sizeof(struct bits)',
  'sizeof "abc"', 'sizeof("ab" "cd")', 'sizeof(str)', 'sizeof arr', 'sizeof arr[0]', 'sizeof(arr) / sizeof(arr[0])',
  'sizeof tv.m', 'sizeof(tv.arr)', 'sizeof(tv.in.arr[1])', 'sizeof(tv.u2)', 'sizeof(((struct t *)0)->in)',
  'sizeof buf', 'sizeof(int) * 3', 'sizeof(int) - 5', '(int)sizeof(int) - 5', 'sizeof(int) < -1',
  'sizeof(1 ? (char)1 : (short)1)', 'sizeof(-(char)1)', 'sizeof(!1L)', 'sizeof(1 << 2L)',
  '_Alignof(struct t)', '_Alignof(long)', '_Alignof(struct pk)', '_Alignof(char[3])', '__alignof__(pkv.i)',
  '__alignof__(tv.m)', '_Alignof(_Bool)', '_Alignof(enum big)', 'sizeof(enum neg)', 'sizeof(enum mixed)',
  'sizeof(tv.in.arr)', 'sizeof(struct t[2])',
  // offsetof, built-in and hand-written.
  'offsetof(struct t, m)', 'offsetof(struct t, arr[2])', 'offsetof(struct t, in.b)', 'offsetof(struct t, in.arr[1].y)',
  'offsetof(struct t, u2)', 'offsetof(struct t, tail)', '__builtin_offsetof(struct inner, arr[3].x)',
  'offsetof(struct pk, i)', '(size_t)&((struct t *)0)->m', '(size_t)&((struct t *)0)->arr[3]',
  '(unsigned long)&((struct t *)0)->in.b', '(long)&((struct t *)0)->in.arr[2].y',
  // Enumeration constants.
  'S0', 'S6', 'N1', 'N2', 'BIG', 'BIG2', 'M1', 'M2', 'T200', '(enum big)0', '(enum small)-1', '(enum neg)-1',
  'S5 * 2u', 'S1 - 2 < 0', '(enum small)0 - 1 < 0', '(enum mixed)0', 'M1 < M2',
  // Conditional operator: both arms convert to their common type.
  '1 ? 2 : 3', '0 ? 2 : 3u', '1 ? -1 : 0u', '1 ? -1 : 0L', '1 ? -1 : 0UL', '0 ?: 7', '5 ?: 7',
  '1 ? (char)-1 : (unsigned char)0', '1 ? (unsigned short)1 : (short)-1', '1 ? (unsigned)-1 : (long)0',
  '0 ? 1 : sizeof(int)',
  // Logical operators yield int.
  '1 && 2', '0 || 0L', '2L && 0ul', '0 && (1 / 0)', '1 || (1 / 0)',
  // Byte order (bpf_endian.h) of constants.
  'bpf_htons(0x1234)', 'bpf_htonl(0x01020304)', 'bpf_ntohs(bpf_htons(0xabcd))', '__bpf_constant_htonl(1)',
  '__bpf_constant_htons(0x0800)', 'bpf_htons(ETH_P_IP)', 'bpf_cpu_to_be64(1)', '__bpf_constant_be64_to_cpu(0x0102030405060708ULL)',
  '__builtin_bswap32(0x11223344)', '__builtin_bswap16(0xff00) + 0', '__builtin_bswap16(0x1234)',
  '__builtin_bswap64(1)',
  // Character constants: int, from a (signed) char on this target.
  "'a'", "'\\xff'", "'\\377'", "'ab'", "'\\n'", "'\\0'", "'\\x7f'", "'\\\\'", "'\\x80' < 0", "(unsigned char)'\\xff'",
  "'\\''", "'abcd'",
];

/** Expressions that are not constants: only the size and signedness of their type are compared. */
export const TYPE_ONLY_CASES: string[] = [
  // A bit-field narrower than int promotes to int (6.3.1.1p2), a wider one keeps its type.
  'bv.lo + 0', 'bv.sx + 0', 'bv.wide + 0', '-bv.lo', '~bv.lo',
  'tv.c + tv.c', 'arr[0] * 1u', 'buf[0]', '+buf[0]', 'pkv.i', 'tv.m << 1', 'tv.c ? 1u : 2L',
];
