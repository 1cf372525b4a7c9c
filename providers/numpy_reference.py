"""attnbench provider `numpy`: plain three-pass attention in NumPy (float32, one thread).

S = scale * Q K^T is materialized, then the row max, the sum of exponentials and the
normalization, then P V: the textbook algorithm, as attnbench's `three-pass` computes it.
GQA repeats each K/V head for its group of query heads (untimed, at prepare).
"""
import os
import sys

# One thread: BLAS must not spread the products over every core. Set before NumPy loads.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[variable] = "1"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from attnbench_provider import bottom_right_mask, serve  # noqa: E402

try:
    import numpy as np
except ImportError:
    sys.exit(f"numpy provider: NumPy is not installed for {sys.executable}; run `make providers` "
             "(creates .venv with NumPy and PyTorch) or set ATTNBENCH_PYTHON to a Python that has it")


def make_call(request, q, k, v):
    group = request["heads"] // request["kv_heads"]
    k = np.ascontiguousarray(np.repeat(k, group, axis=1))
    v = np.ascontiguousarray(np.repeat(v, group, axis=1))
    kt = np.ascontiguousarray(k.transpose(0, 1, 3, 2))
    scale = np.float32(request["scale"])
    mask = bottom_right_mask(request["seq_len"], request["kv_len"]) if request["causal"] else None

    def call():
        s = (q @ kt) * scale
        if mask is not None:
            s[..., mask] = -np.inf
        s -= s.max(axis=-1, keepdims=True)
        np.exp(s, out=s)
        s /= s.sum(axis=-1, keepdims=True)
        return s @ v

    return call


if __name__ == "__main__":
    serve("numpy", np.__version__, {"precisions": ["fp32"], "algorithms": ["three-pass"], "max_threads": 1},
          make_call, description=f"NumPy {np.__version__} three-pass reference, float32, one thread")
