// What `clang -O2 -target bpf` predefines (taken from `clang -O2 -target bpf -dM -E - </dev/null`, clang 14),
// the built-in dynamic macros, keyword spellings tree-sitter-c does not know, and the answers to __has_builtin and
// __has_attribute. __x86_64__, __linux__ and __KERNEL__ are deliberately absent: a BPF build has none of them.

import { lexFragment } from './lexer';
import { parseDefine, type BuiltinKind, type Macro } from './macros';

const CLANG_BPF = `
_LP64 1
__ATOMIC_ACQUIRE 2
__ATOMIC_ACQ_REL 4
__ATOMIC_CONSUME 1
__ATOMIC_RELAXED 0
__ATOMIC_RELEASE 3
__ATOMIC_SEQ_CST 5
__BIGGEST_ALIGNMENT__ 8
__BITINT_MAXWIDTH__ 128
__BOOL_WIDTH__ 8
__BPF__ 1
__BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__
__CHAR16_TYPE__ unsigned short
__CHAR32_TYPE__ unsigned int
__CHAR_BIT__ 8
__CONSTANT_CFSTRINGS__ 1
__DBL_DECIMAL_DIG__ 17
__DBL_DENORM_MIN__ 4.9406564584124654e-324
__DBL_DIG__ 15
__DBL_EPSILON__ 2.2204460492503131e-16
__DBL_HAS_DENORM__ 1
__DBL_HAS_INFINITY__ 1
__DBL_HAS_QUIET_NAN__ 1
__DBL_MANT_DIG__ 53
__DBL_MAX_10_EXP__ 308
__DBL_MAX_EXP__ 1024
__DBL_MAX__ 1.7976931348623157e+308
__DBL_MIN_10_EXP__ (-307)
__DBL_MIN_EXP__ (-1021)
__DBL_MIN__ 2.2250738585072014e-308
__DECIMAL_DIG__ __LDBL_DECIMAL_DIG__
__FINITE_MATH_ONLY__ 0
__FLT_DECIMAL_DIG__ 9
__FLT_DENORM_MIN__ 1.40129846e-45F
__FLT_DIG__ 6
__FLT_EPSILON__ 1.19209290e-7F
__FLT_EVAL_METHOD__ 0
__FLT_HAS_DENORM__ 1
__FLT_HAS_INFINITY__ 1
__FLT_HAS_QUIET_NAN__ 1
__FLT_MANT_DIG__ 24
__FLT_MAX_10_EXP__ 38
__FLT_MAX_EXP__ 128
__FLT_MAX__ 3.40282347e+38F
__FLT_MIN_10_EXP__ (-37)
__FLT_MIN_EXP__ (-125)
__FLT_MIN__ 1.17549435e-38F
__FLT_RADIX__ 2
__GCC_ATOMIC_BOOL_LOCK_FREE 2
__GCC_ATOMIC_CHAR16_T_LOCK_FREE 2
__GCC_ATOMIC_CHAR32_T_LOCK_FREE 2
__GCC_ATOMIC_CHAR_LOCK_FREE 2
__GCC_ATOMIC_INT_LOCK_FREE 2
__GCC_ATOMIC_LLONG_LOCK_FREE 2
__GCC_ATOMIC_LONG_LOCK_FREE 2
__GCC_ATOMIC_POINTER_LOCK_FREE 2
__GCC_ATOMIC_SHORT_LOCK_FREE 2
__GCC_ATOMIC_TEST_AND_SET_TRUEVAL 1
__GCC_ATOMIC_WCHAR_T_LOCK_FREE 2
__CLANG_ATOMIC_BOOL_LOCK_FREE 2
__CLANG_ATOMIC_CHAR16_T_LOCK_FREE 2
__CLANG_ATOMIC_CHAR32_T_LOCK_FREE 2
__CLANG_ATOMIC_CHAR_LOCK_FREE 2
__CLANG_ATOMIC_INT_LOCK_FREE 2
__CLANG_ATOMIC_LLONG_LOCK_FREE 2
__CLANG_ATOMIC_LONG_LOCK_FREE 2
__CLANG_ATOMIC_POINTER_LOCK_FREE 2
__CLANG_ATOMIC_SHORT_LOCK_FREE 2
__CLANG_ATOMIC_WCHAR_T_LOCK_FREE 2
__GNUC_MINOR__ 2
__GNUC_PATCHLEVEL__ 1
__GNUC_STDC_INLINE__ 1
__GNUC__ 4
__GXX_ABI_VERSION 1002
__INT8_C_SUFFIX__
__INT8_FMTd__ "hhd"
__INT8_FMTi__ "hhi"
__INT8_MAX__ 127
__INT8_TYPE__ signed char
__INT16_C_SUFFIX__
__INT16_FMTd__ "hd"
__INT16_FMTi__ "hi"
__INT16_MAX__ 32767
__INT16_TYPE__ short
__INT32_C_SUFFIX__
__INT32_FMTd__ "d"
__INT32_FMTi__ "i"
__INT32_MAX__ 2147483647
__INT32_TYPE__ int
__INT64_C_SUFFIX__ L
__INT64_FMTd__ "ld"
__INT64_FMTi__ "li"
__INT64_MAX__ 9223372036854775807L
__INT64_TYPE__ long int
__INTMAX_C_SUFFIX__ L
__INTMAX_FMTd__ "ld"
__INTMAX_FMTi__ "li"
__INTMAX_MAX__ 9223372036854775807L
__INTMAX_TYPE__ long int
__INTMAX_WIDTH__ 64
__INTPTR_FMTd__ "ld"
__INTPTR_FMTi__ "li"
__INTPTR_MAX__ 9223372036854775807L
__INTPTR_TYPE__ long int
__INTPTR_WIDTH__ 64
__INT_FAST8_FMTd__ "hhd"
__INT_FAST8_FMTi__ "hhi"
__INT_FAST8_MAX__ 127
__INT_FAST8_TYPE__ signed char
__INT_FAST8_WIDTH__ 8
__INT_FAST16_FMTd__ "hd"
__INT_FAST16_FMTi__ "hi"
__INT_FAST16_MAX__ 32767
__INT_FAST16_TYPE__ short
__INT_FAST16_WIDTH__ 16
__INT_FAST32_FMTd__ "d"
__INT_FAST32_FMTi__ "i"
__INT_FAST32_MAX__ 2147483647
__INT_FAST32_TYPE__ int
__INT_FAST32_WIDTH__ 32
__INT_FAST64_FMTd__ "ld"
__INT_FAST64_FMTi__ "li"
__INT_FAST64_MAX__ 9223372036854775807L
__INT_FAST64_TYPE__ long int
__INT_FAST64_WIDTH__ 64
__INT_LEAST8_FMTd__ "hhd"
__INT_LEAST8_FMTi__ "hhi"
__INT_LEAST8_MAX__ 127
__INT_LEAST8_TYPE__ signed char
__INT_LEAST8_WIDTH__ 8
__INT_LEAST16_FMTd__ "hd"
__INT_LEAST16_FMTi__ "hi"
__INT_LEAST16_MAX__ 32767
__INT_LEAST16_TYPE__ short
__INT_LEAST16_WIDTH__ 16
__INT_LEAST32_FMTd__ "d"
__INT_LEAST32_FMTi__ "i"
__INT_LEAST32_MAX__ 2147483647
__INT_LEAST32_TYPE__ int
__INT_LEAST32_WIDTH__ 32
__INT_LEAST64_FMTd__ "ld"
__INT_LEAST64_FMTi__ "li"
__INT_LEAST64_MAX__ 9223372036854775807L
__INT_LEAST64_TYPE__ long int
__INT_LEAST64_WIDTH__ 64
__INT_MAX__ 2147483647
__INT_WIDTH__ 32
__LDBL_DECIMAL_DIG__ 17
__LDBL_DENORM_MIN__ 4.9406564584124654e-324L
__LDBL_DIG__ 15
__LDBL_EPSILON__ 2.2204460492503131e-16L
__LDBL_HAS_DENORM__ 1
__LDBL_HAS_INFINITY__ 1
__LDBL_HAS_QUIET_NAN__ 1
__LDBL_MANT_DIG__ 53
__LDBL_MAX_10_EXP__ 308
__LDBL_MAX_EXP__ 1024
__LDBL_MAX__ 1.7976931348623157e+308L
__LDBL_MIN_10_EXP__ (-307)
__LDBL_MIN_EXP__ (-1021)
__LDBL_MIN__ 2.2250738585072014e-308L
__LITTLE_ENDIAN__ 1
__LLONG_WIDTH__ 64
__LONG_LONG_MAX__ 9223372036854775807LL
__LONG_MAX__ 9223372036854775807L
__LONG_WIDTH__ 64
__LP64__ 1
__OPTIMIZE__ 1
__ORDER_BIG_ENDIAN__ 4321
__ORDER_LITTLE_ENDIAN__ 1234
__ORDER_PDP_ENDIAN__ 3412
__POINTER_WIDTH__ 64
__PRAGMA_REDEFINE_EXTNAME 1
__PTRDIFF_FMTd__ "ld"
__PTRDIFF_FMTi__ "li"
__PTRDIFF_MAX__ 9223372036854775807L
__PTRDIFF_TYPE__ long int
__PTRDIFF_WIDTH__ 64
__SCHAR_MAX__ 127
__SHRT_MAX__ 32767
__SHRT_WIDTH__ 16
__SIG_ATOMIC_MAX__ 2147483647
__SIG_ATOMIC_WIDTH__ 32
__SIZEOF_DOUBLE__ 8
__SIZEOF_FLOAT__ 4
__SIZEOF_INT128__ 16
__SIZEOF_INT__ 4
__SIZEOF_LONG_DOUBLE__ 8
__SIZEOF_LONG_LONG__ 8
__SIZEOF_LONG__ 8
__SIZEOF_POINTER__ 8
__SIZEOF_PTRDIFF_T__ 8
__SIZEOF_SHORT__ 2
__SIZEOF_SIZE_T__ 8
__SIZEOF_WCHAR_T__ 4
__SIZEOF_WINT_T__ 4
__SIZE_FMTX__ "lX"
__SIZE_FMTo__ "lo"
__SIZE_FMTu__ "lu"
__SIZE_FMTx__ "lx"
__SIZE_MAX__ 18446744073709551615UL
__SIZE_TYPE__ long unsigned int
__SIZE_WIDTH__ 64
__STDC_HOSTED__ 1
__STDC_UTF_16__ 1
__STDC_UTF_32__ 1
__STDC_VERSION__ 201710L
__STDC__ 1
__UINT8_C_SUFFIX__
__UINT8_FMTX__ "hhX"
__UINT8_FMTo__ "hho"
__UINT8_FMTu__ "hhu"
__UINT8_FMTx__ "hhx"
__UINT8_MAX__ 255
__UINT8_TYPE__ unsigned char
__UINT16_C_SUFFIX__
__UINT16_FMTX__ "hX"
__UINT16_FMTo__ "ho"
__UINT16_FMTu__ "hu"
__UINT16_FMTx__ "hx"
__UINT16_MAX__ 65535
__UINT16_TYPE__ unsigned short
__UINT32_C_SUFFIX__ U
__UINT32_FMTX__ "X"
__UINT32_FMTo__ "o"
__UINT32_FMTu__ "u"
__UINT32_FMTx__ "x"
__UINT32_MAX__ 4294967295U
__UINT32_TYPE__ unsigned int
__UINT64_C_SUFFIX__ UL
__UINT64_FMTX__ "lX"
__UINT64_FMTo__ "lo"
__UINT64_FMTu__ "lu"
__UINT64_FMTx__ "lx"
__UINT64_MAX__ 18446744073709551615UL
__UINT64_TYPE__ long unsigned int
__UINTMAX_C_SUFFIX__ UL
__UINTMAX_FMTX__ "lX"
__UINTMAX_FMTo__ "lo"
__UINTMAX_FMTu__ "lu"
__UINTMAX_FMTx__ "lx"
__UINTMAX_MAX__ 18446744073709551615UL
__UINTMAX_TYPE__ long unsigned int
__UINTMAX_WIDTH__ 64
__UINTPTR_FMTX__ "lX"
__UINTPTR_FMTo__ "lo"
__UINTPTR_FMTu__ "lu"
__UINTPTR_FMTx__ "lx"
__UINTPTR_MAX__ 18446744073709551615UL
__UINTPTR_TYPE__ long unsigned int
__UINTPTR_WIDTH__ 64
__UINT_FAST8_FMTX__ "hhX"
__UINT_FAST8_FMTo__ "hho"
__UINT_FAST8_FMTu__ "hhu"
__UINT_FAST8_FMTx__ "hhx"
__UINT_FAST8_MAX__ 255
__UINT_FAST8_TYPE__ unsigned char
__UINT_FAST16_FMTX__ "hX"
__UINT_FAST16_FMTo__ "ho"
__UINT_FAST16_FMTu__ "hu"
__UINT_FAST16_FMTx__ "hx"
__UINT_FAST16_MAX__ 65535
__UINT_FAST16_TYPE__ unsigned short
__UINT_FAST32_FMTX__ "X"
__UINT_FAST32_FMTo__ "o"
__UINT_FAST32_FMTu__ "u"
__UINT_FAST32_FMTx__ "x"
__UINT_FAST32_MAX__ 4294967295U
__UINT_FAST32_TYPE__ unsigned int
__UINT_FAST64_FMTX__ "lX"
__UINT_FAST64_FMTo__ "lo"
__UINT_FAST64_FMTu__ "lu"
__UINT_FAST64_FMTx__ "lx"
__UINT_FAST64_MAX__ 18446744073709551615UL
__UINT_FAST64_TYPE__ long unsigned int
__UINT_LEAST8_FMTX__ "hhX"
__UINT_LEAST8_FMTo__ "hho"
__UINT_LEAST8_FMTu__ "hhu"
__UINT_LEAST8_FMTx__ "hhx"
__UINT_LEAST8_MAX__ 255
__UINT_LEAST8_TYPE__ unsigned char
__UINT_LEAST16_FMTX__ "hX"
__UINT_LEAST16_FMTo__ "ho"
__UINT_LEAST16_FMTu__ "hu"
__UINT_LEAST16_FMTx__ "hx"
__UINT_LEAST16_MAX__ 65535
__UINT_LEAST16_TYPE__ unsigned short
__UINT_LEAST32_FMTX__ "X"
__UINT_LEAST32_FMTo__ "o"
__UINT_LEAST32_FMTu__ "u"
__UINT_LEAST32_FMTx__ "x"
__UINT_LEAST32_MAX__ 4294967295U
__UINT_LEAST32_TYPE__ unsigned int
__UINT_LEAST64_FMTX__ "lX"
__UINT_LEAST64_FMTo__ "lo"
__UINT_LEAST64_FMTu__ "lu"
__UINT_LEAST64_FMTx__ "lx"
__UINT_LEAST64_MAX__ 18446744073709551615UL
__UINT_LEAST64_TYPE__ long unsigned int
__USER_LABEL_PREFIX__
__VERSION__ "Debian Clang 14.0.6"
__WCHAR_MAX__ 2147483647
__WCHAR_TYPE__ int
__WCHAR_WIDTH__ 32
__WINT_MAX__ 2147483647
__WINT_TYPE__ int
__WINT_WIDTH__ 32
__bpf__ 1
__clang__ 1
__clang_literal_encoding__ "UTF-8"
__clang_major__ 14
__clang_minor__ 0
__clang_patchlevel__ 6
__clang_version__ "14.0.6 "
__clang_wide_literal_encoding__ "UTF-32"
__llvm__ 1
`;

/**
 * Not printed by clang 14 but by later releases (generic CPU = v1), which BPF headers test; and GNU keyword
 * spellings rewritten to the ones tree-sitter-c parses.
 */
const EXTRA = `
__BPF_CPU_VERSION__ 1
__typeof__ typeof
__typeof typeof
__inline inline
__inline__ inline
__volatile__ volatile
__volatile volatile
__asm__ asm
__asm asm
__signed__ signed
__signed signed
__const const
__const__ const
__restrict restrict
__restrict__ restrict
`;

/** Our additions beyond clang's list: a header redefining one of them is not told it redefines a macro. */
export const EXTRA_NAMES: ReadonlySet<string> = new Set(
  EXTRA.split('\n').map(l => /^\w+/.exec(l)?.[0]).filter((n): n is string => n !== undefined),
);

export const BUILTIN_MACROS: Readonly<Record<string, BuiltinKind>> = {
  __FILE__: 'file',
  __LINE__: 'line',
  __COUNTER__: 'counter',
  __INCLUDE_LEVEL__: 'include-level',
  __BASE_FILE__: 'base-file',
  __FILE_NAME__: 'file-name',
  __DATE__: 'date',
  __TIME__: 'time',
  __TIMESTAMP__: 'timestamp',
  __has_include: 'has-include',
  __has_include_next: 'has-include-next',
  __has_builtin: 'has-builtin',
  __has_attribute: 'has-attribute',
  __has_feature: 'has-feature',
  __has_extension: 'has-extension',
  __has_c_attribute: 'has-c-attribute',
  __has_declspec_attribute: 'has-declspec',
  __has_warning: 'has-warning',
  __is_identifier: 'is-identifier',
};

/** Builtins clang has that BPF programs test for. */
export const KNOWN_BUILTINS: ReadonlySet<string> = new Set([
  '__builtin_memcpy', '__builtin_memset', '__builtin_memmove', '__builtin_memcmp', '__builtin_bswap16',
  '__builtin_bswap32', '__builtin_bswap64', '__builtin_offsetof', '__builtin_expect', '__builtin_expect_with_probability',
  '__builtin_constant_p', '__builtin_preserve_access_index', '__builtin_preserve_field_info',
  '__builtin_preserve_type_info', '__builtin_preserve_enum_value', '__builtin_btf_type_id',
  '__builtin_types_compatible_p', '__builtin_choose_expr', '__builtin_unreachable', '__builtin_trap',
  '__builtin_clz', '__builtin_clzl', '__builtin_clzll', '__builtin_ctz', '__builtin_ctzl', '__builtin_ctzll',
  '__builtin_popcount', '__builtin_popcountl', '__builtin_popcountll', '__builtin_ffs', '__builtin_ffsl',
  '__builtin_ffsll', '__builtin_abs', '__builtin_labs', '__builtin_llabs', '__builtin_strlen', '__builtin_strcmp',
  '__builtin_strncmp', '__builtin_add_overflow', '__builtin_sub_overflow', '__builtin_mul_overflow',
  '__builtin_assume', '__builtin_assume_aligned', '__builtin_frame_address', '__builtin_return_address',
  '__builtin_va_start', '__builtin_va_end', '__builtin_va_arg', '__builtin_va_copy', '__builtin_va_list',
  '__builtin_bitreverse8', '__builtin_bitreverse16', '__builtin_bitreverse32', '__builtin_bitreverse64',
  '__builtin_rotateleft32', '__builtin_rotateleft64', '__builtin_rotateright32', '__builtin_rotateright64',
  '__builtin_object_size', '__builtin_dynamic_object_size', '__builtin_prefetch', '__builtin_isnan',
  '__builtin_nan', '__builtin_inf', '__builtin_huge_val', '__builtin_alloca', '__builtin_convertvector',
  '__builtin_shufflevector', '__builtin_dump_struct', '__builtin_FILE', '__builtin_LINE', '__builtin_FUNCTION',
  '__sync_fetch_and_add', '__sync_fetch_and_sub', '__sync_fetch_and_or', '__sync_fetch_and_and',
  '__sync_fetch_and_xor', '__sync_val_compare_and_swap', '__sync_bool_compare_and_swap', '__sync_lock_test_and_set',
  '__atomic_load_n', '__atomic_store_n', '__atomic_exchange_n', '__atomic_compare_exchange_n',
  '__atomic_fetch_add', '__atomic_fetch_sub', '__atomic_fetch_and', '__atomic_fetch_or', '__atomic_fetch_xor',
  '__atomic_add_fetch', '__atomic_sub_fetch', '__atomic_and_fetch', '__atomic_or_fetch', '__atomic_xor_fetch',
  '__c11_atomic_load', '__c11_atomic_store', '__c11_atomic_fetch_add',
]);

/** Attributes clang accepts on BPF, by bare name (without surrounding underscores). */
export const KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'always_inline', 'noinline', 'section', 'unused', 'used', 'packed', 'aligned', 'weak', 'preserve_access_index',
  'btf_decl_tag', 'btf_type_tag', 'noreturn', 'format', 'deprecated', 'visibility', 'address_space', 'fallthrough',
  'warn_unused_result', 'cold', 'hot', 'const', 'pure', 'nonnull', 'may_alias', 'mode', 'overloadable', 'alias',
  'flatten', 'constructor', 'destructor', 'cleanup', 'noclone', 'malloc', 'alloc_size', 'returns_nonnull',
  'transparent_union', 'vector_size', 'ext_vector_type', 'annotate', 'no_instrument_function', 'weakref',
  'nodebug', 'naked', 'error', 'warning', 'diagnose_if', 'enable_if', 'nocf_check', 'counted_by', 'sentinel',
  'objc_boxable', 'designated_init', 'randomize_layout', 'no_randomize_layout', 'uninitialized', 'retain',
  'no_sanitize', 'assume_aligned', 'gnu_inline', 'artificial', 'noderef', 'noescape', 'leaf', 'nothrow',
  'no_stack_protector', 'preserve_most', 'preserve_all',
]);

/** Features answered by __has_feature / __has_extension. */
export const KNOWN_FEATURES: ReadonlySet<string> = new Set([
  'c_alignas', 'c_alignof', 'c_atomic', 'c_generic_selections', 'c_static_assert', 'c_thread_local',
  'attribute_deprecated_with_message', 'attribute_unavailable_with_message', 'enumerator_attributes',
  'statement_attributes_with_gnu_syntax', 'blocks', 'c_fixed_enum',
]);

const C_KEYWORDS: ReadonlySet<string> = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern',
  'float', 'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed',
  'sizeof', 'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', '_Alignas',
  '_Alignof', '_Atomic', '_Bool', '_Complex', '_Generic', '_Imaginary', '_Noreturn', '_Static_assert',
  '_Thread_local', 'typeof', '__attribute__', 'asm', '__asm__', '__typeof__', '__inline__', '__extension__',
]);

export function isKeyword(name: string): boolean {
  return C_KEYWORDS.has(name);
}

const PREDEFINED_FILE = '<built-in>';
let base: ReadonlyMap<string, Macro> | null = null;

/** The macro table every run starts from (built once). */
export function predefinedMacros(): ReadonlyMap<string, Macro> {
  if (base !== null) return base;
  const table = new Map<string, Macro>();
  for (const line of (CLANG_BPF + EXTRA).split('\n')) {
    if (line.trim() === '') continue;
    const m = parseDefine(lexFragment(line), PREDEFINED_FILE);
    if ('name' in m) table.set(m.name, m);
  }
  for (const [name, kind] of Object.entries(BUILTIN_MACROS)) {
    const range = { file: PREDEFINED_FILE, start: 0, end: 0 };
    table.set(name, { name, params: null, variadic: false, body: [], paramAt: new Int16Array(0), range, builtin: kind });
  }
  base = table;
  return table;
}
