// Run-time choice between the portable code and the AVX2 variants of the
// post-quantum hot loops. The AVX2 variants are the same C++ compiled with
// __attribute__((target("avx2"))), so the build stays portable (plain
// x86-64 baseline) and the two paths compute identical results.
#pragma once

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define CRATON_PQC_HAVE_AVX2_PATH 1
#define CRATON_PQC_AVX2 __attribute__((target("avx2")))
#else
#define CRATON_PQC_HAVE_AVX2_PATH 0
#define CRATON_PQC_AVX2
#endif

// Kernels written once as always-inline bodies, instantiated in both paths.
#define CRATON_PQC_INLINE inline __attribute__((always_inline))

namespace craton::pqc {

// True when the CPU has AVX2 and the portable path is not forced (by
// force_portable_path or by CRATON_PQC_PORTABLE in the environment).
bool use_avx2() noexcept;

// Test hook: `on` forces the portable path everywhere so the tests can run
// the known-answer vectors through both paths on an AVX2 machine.
void force_portable_path(bool on) noexcept;

}  // namespace craton::pqc
