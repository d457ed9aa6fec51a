// Hand-written records whose layout is easy to get wrong. Each source is compiled as is by clang and by our
// front end; `records` names the ones to compare (unions prefixed "union ").

export interface LayoutCase {
  title: string;
  /** A known difference, kept visible: the test asserts we still differ, so fixing it flips the test. */
  knownGap?: string;
  source: string;
  records: string[];
}

const U = 'typedef unsigned char __u8; typedef unsigned short __u16; typedef unsigned int __u32; typedef unsigned long long __u64;\n';

export const LAYOUT_CORPUS: LayoutCase[] = [
  {
    title: 'packed struct drops member alignment',
    source: 'struct p1 { char c; int i; short s; long l; } __attribute__((packed));',
    records: ['p1'],
  },
  {
    title: 'packed written before the tag',
    source: 'struct __attribute__((packed)) p2 { char c; unsigned long long x; };',
    records: ['p2'],
  },
  {
    title: 'packed member only',
    source: 'struct p3 { char c; int i __attribute__((packed)); char d; };',
    records: ['p3'],
  },
  {
    title: 'packed struct holding an unpacked struct',
    source: 'struct in4 { int a; char b; };\nstruct p4 { char c; struct in4 x; char d; } __attribute__((packed));',
    records: ['in4', 'p4'],
  },
  {
    title: 'aligned(N) on a field',
    source: 'struct a1 { char c; int x __attribute__((aligned(16))); char d; };',
    records: ['a1'],
  },
  {
    title: 'aligned(N) on a record',
    source: 'struct a2 { char c; short s; } __attribute__((aligned(8)));\nstruct a2b { char c; struct a2 in; };',
    records: ['a2', 'a2b'],
  },
  {
    title: 'bare aligned on a record takes the target maximum',
    source: 'struct a3 { char c; } __attribute__((aligned));',
    records: ['a3'],
  },
  {
    title: 'aligned attribute before the field type',
    source: 'struct a4 { char c; __attribute__((aligned(4))) char d; char e; };',
    records: ['a4'],
  },
  {
    title: 'aligned typedef used as a field type',
    source: 'typedef char al4_char __attribute__((aligned(4)));\nstruct a5 { char c; al4_char d; char e; };',
    records: ['a5'],
  },
  {
    title: 'packed and aligned together on a record',
    source: 'struct pa1 { char c; int i; } __attribute__((packed, aligned(4)));',
    records: ['pa1'],
  },
  {
    title: 'aligned field inside a packed record',
    source: 'struct pa2 { char c; int i __attribute__((aligned(2))); char d; } __attribute__((packed));',
    records: ['pa2'],
  },
  {
    title: 'packed record of an over-aligned member type',
    source: 'struct al8 { char c; } __attribute__((aligned(8)));\nstruct pa3 { char c; struct al8 m; } __attribute__((packed));',
    records: ['pa3'],
  },
  {
    title: 'bitfields straddling a storage unit move to the next one',
    source: 'struct b1 { int a:30; int b:4; };\nstruct b2 { char a; short b:12; };\nstruct b3 { int a:20; long b:50; };',
    records: ['b1', 'b2', 'b3'],
  },
  {
    title: 'bitfields that fit share the unit of a wider type',
    source: 'struct b4 { char a; long b:4; };\nstruct b5 { unsigned short a:9, b:9; };',
    records: ['b4', 'b5'],
  },
  {
    title: 'mixed-width bitfields',
    source: 'struct b6 { char a:3; int b:20; long c:40; };\nstruct b7 { long a:40; char b:7; short c:9; int d:17; };',
    records: ['b6', 'b7'],
  },
  {
    title: 'zero-width bitfields close the unit',
    source: 'struct z1 { char a; int :0; char b; };\nstruct z2 { char a; int b:4; int :0; char c:2; };\nstruct z3 { int a:1; long :0; int b:1; };',
    records: ['z1', 'z2', 'z3'],
  },
  {
    title: 'zero-width bitfield first and in a union',
    source: 'struct z4 { long :0; char a; };\nunion z5 { int :0; char a; short b:3; };',
    records: ['z4', 'union z5'],
  },
  {
    title: 'unnamed bitfields take space but not alignment',
    source: 'struct n1 { int :3; char c; };\nstruct n2 { char a; long :12; char b; };\nstruct n3 { char a:2; int :5; char b:3; };',
    records: ['n1', 'n2', 'n3'],
  },
  {
    title: 'bitfields of enum and _Bool type',
    source: 'enum colour { RED, GREEN, BLUE };\nstruct e1 { _Bool a:1; _Bool b:1; enum colour c:2; char d; enum colour e:30; _Bool f; };',
    records: ['e1'],
  },
  {
    title: 'nested anonymous unions and structs',
    source:
      'struct an1 { char tag; union { int i; struct { short lo; short hi; }; struct { char b0; long wide; } w; }; char tail; };',
    records: ['an1'],
  },
  {
    title: 'anonymous struct of bitfields inside an anonymous union',
    source: U + 'struct an2 { __u16 kind; union { __u32 raw; struct { __u32 lo:12, mid:8, hi:12; }; }; __u8 last; };',
    records: ['an2'],
  },
  {
    title: 'unions with bitfields',
    source: 'union ub1 { int a:3; char b; };\nunion ub2 { long a:33; char b[5]; };\nunion ub3 { char a:1; short b:9; };',
    records: ['union ub1', 'union ub2', 'union ub3'],
  },
  {
    title: 'flexible array members',
    source: 'struct f1 { int n; char data[]; };\nstruct f2 { char c; long data[]; };\nstruct f3 { short n; struct f1 tail[]; };',
    records: ['f1', 'f2', 'f3'],
  },
  {
    title: 'zero-length array (GNU)',
    source: 'struct f4 { char c; int data[0]; };',
    records: ['f4'],
  },
  {
    title: 'arrays of structs',
    source: 'struct pt { short x; char y; };\nstruct ar1 { char c; struct pt pts[3]; struct pt grid[2][2]; char d; };',
    records: ['pt', 'ar1'],
  },
  {
    title: 'typedef\'d arrays',
    source: U + 'typedef __u8 mac_t[6];\ntypedef int trio_t[3];\nstruct ta1 { mac_t dst; mac_t src; __u16 proto; };\nstruct ta2 { char c; trio_t t; mac_t m; };',
    records: ['ta1', 'ta2'],
  },
  {
    title: 'enums with 64-bit values as members',
    source:
      'enum big { BIG = 0x100000000ULL };\nenum neg { NEG = -1, POS = 0x80000000 };\nenum small { S1 = 1 };\n' +
      'struct en1 { char c; enum big b; char d; enum neg n; char e; enum small s; };',
    records: ['en1'],
  },
  {
    title: 'packed enum as a member',
    source: 'enum __attribute__((packed)) tiny { T1 = 1, T2 = 200 };\nstruct en2 { char c; enum tiny t; char d; };',
    records: ['en2'],
  },
  {
    title: '_Bool and char members between wider ones',
    source: 'struct bo1 { _Bool a; long b; _Bool c; short d; _Bool e; };',
    records: ['bo1'],
  },
  {
    title: 'a 64-bit bitfield then an int',
    source: U + 'struct w1 { __u64 x:1; __u32 y; };\nstruct w2 { long a:1; };',
    records: ['w1', 'w2'],
  },
  {
    title: 'packed struct with bitfields may straddle units',
    source: 'struct pb1 { char a; int b:30; short c:12; } __attribute__((packed));',
    records: ['pb1'],
  },
  {
    title: 'aligned bitfield',
    source: 'struct ab1 { char a; int b:4 __attribute__((aligned(4))); int c:4; };',
    records: ['ab1'],
  },
  {
    title: 'member of anonymous struct type with a name',
    source: 'struct nm1 { int a; struct { char x; long y; } inner; union { short s; char c[3]; } u; };',
    records: ['nm1'],
  },
  {
    title: 'packed bitfield-only struct and packed union',
    source: 'struct pb2 { int a:4; int b:5; } __attribute__((packed));\nunion pu1 { char c[3]; int i; } __attribute__((packed));',
    records: ['pb2', 'union pu1'],
  },
  {
    title: 'over-aligned anonymous union member',
    source: 'struct an3 { char c; union { int i; char b; } __attribute__((aligned(16))); char d; };',
    records: ['an3'],
  },
  {
    title: 'a char after a long bitfield shares its unit',
    source: 'struct lb1 { long a:8; char b; short c:4; };',
    records: ['lb1'],
  },
  {
    title: 'a packed struct inside an aligned one',
    source: 'struct pk5 { char c; int i; } __attribute__((packed));\nstruct al5 { char a; struct pk5 p; int j; } __attribute__((aligned(8)));',
    records: ['pk5', 'al5'],
  },
  {
    title: '#pragma pack',
    knownGap: '#pragma pack is not implemented (the preprocessor drops it); BPF code uses __attribute__((packed))',
    source: '#pragma pack(push, 1)\nstruct pp1 { char c; int i; long l; };\n#pragma pack(pop)\nstruct pp2 { char c; int i; };',
    records: ['pp1', 'pp2'],
  },
];
