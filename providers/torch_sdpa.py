"""attnbench provider `torch`: PyTorch's scaled_dot_product_attention on the CPU (float32).

On the CPU, SDPA runs PyTorch's FlashAttention-style kernel (tiled, online softmax) where it
can, hence `algorithms: [flash]`. Threads: torch.set_num_threads(threads) before each batch of
timed calls. GQA: enable_gqa=True. attnbench's causal mask is bottom-right aligned; PyTorch's
is_causal is top-left aligned, so is_causal is used only when the two agree (seq_len ==
kv_len); one query sees every key (no mask); other shapes get causal_lower_right.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from attnbench_provider import serve  # noqa: E402

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.exit(f"torch provider: PyTorch is not installed for {sys.executable}; run `make providers` "
             "(creates .venv with CPU PyTorch) or set ATTNBENCH_PYTHON to a Python that has it")


def make_call(request, q, k, v):
    q, k, v = (torch.from_numpy(x) for x in (q, k, v))
    seq_len, kv_len, threads = request["seq_len"], request["kv_len"], request["threads"]
    options = {"scale": request["scale"], "enable_gqa": request["kv_heads"] != request["heads"]}
    if request["causal"]:
        if seq_len == kv_len:
            options["is_causal"] = True
        elif seq_len > 1:
            from torch.nn.attention.bias import causal_lower_right

            options["attn_mask"] = causal_lower_right(seq_len, kv_len)
    torch.set_num_threads(threads)

    def call():
        return F.scaled_dot_product_attention(q, k, v, **options)

    call.before_run = lambda: torch.set_num_threads(threads)
    return call


if __name__ == "__main__":
    torch.set_grad_enabled(False)
    capability = torch.backends.cpu.get_cpu_capability()
    serve("torch", torch.__version__, {"precisions": ["fp32"], "algorithms": ["flash"]}, make_call,
          description=f"PyTorch {torch.__version__} scaled_dot_product_attention, CPU ({capability})")
