/* Four doubles as one value of GCC's vector extension, and the attribute
 * that builds a function twice, for AVX2 and for the plain x86-64 base,
 * picked at run time. Code written with these does exactly its scalar
 * operations lane by lane: multiplies and adds are never fused (the
 * compiler may not contract them, and SS_CLONES builds no FMA), so both
 * builds give the same results bit for bit. (powrow.c alone fuses, on
 * purpose and only through intrinsics: its results are libm's either way.) */
#ifndef SS_SIMD_H
#define SS_SIMD_H

typedef double ss_v4 __attribute__((vector_size(4 * sizeof(double))));
typedef unsigned long long ss_u4 __attribute__((vector_size(4 * sizeof(unsigned long long))));

/* Four lanes of v; a where mask is set, b elsewhere (a select of bits: a
 * comparison of vectors gives a mask of all ones or none per lane). */
#define SS_SPLAT(v) ((ss_v4){(v), (v), (v), (v)})
#define SS_USPLAT(v) ((ss_u4){(v), (v), (v), (v)})
/* Adding it to a double |v| < 2^51 rounds v to an integer, which the low
 * bits of the sum then hold (the exponentials of vpow.c and powrow.c). */
#define SS_ROUND_MAGIC 0x1.8p52
#define SS_PICK(mask, a, b) ((ss_v4)(((ss_u4)(a) & (mask)) | ((ss_u4)(b) & ~(mask))))

/* Not under a sanitizer: their instrumentation runs in the clones'
 * resolvers before it is set up (ThreadSanitizer crashed there). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SS_SANITIZED 1
#endif
#endif
#ifndef SS_CLONES /* a test may define it empty, for the plain build alone */
#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones) && !defined(SS_SANITIZED)
#define SS_CLONES __attribute__((target_clones("avx2", "default")))
#endif
/* A function's build for AVX-512 (with its VL form: 32 registers of four
 * doubles), called where ss_wide() says the machine has it: for the few
 * functions that gain from holding more values at once than the other
 * builds can. A plain call, not a clone, so sanitizers take it too. */
#if __has_attribute(target)
#define SS_WIDE __attribute__((target("avx512f,avx512vl")))
#define ss_wide() (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl"))
#endif
#endif
#endif
#ifndef SS_CLONES
#define SS_CLONES
#endif

#endif
