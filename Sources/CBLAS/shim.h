// The system's OpenBLAS (libopenblas-dev): cblas_sgemm for the meaning model's matrix products,
// and openblas_set_num_threads, declared in OpenBLAS's own cblas.h.
#include <cblas.h>
