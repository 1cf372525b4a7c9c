# attnbench — two commands do everything on a fresh Debian machine (as root):
#   make bench   install what is missing, build (release), run Suites/quick.yaml
#   make test    install what is missing, build, run every test
#   make providers  .venv with NumPy and CPU PyTorch for the torch/numpy providers (optional, ~1 GB)
SWIFT ?= swift
BIN := .build/release/attnbench
APT_PACKAGES := libpapi-dev pkg-config papi-tools librsvg2-bin valgrind
# The simulation build that runs cases under Valgrind for sim:: counters (docs/counters.md):
# AVX2 + FMA (Valgrind cannot decode AVX-512) and no DWARF (Valgrind 3.19 cannot read the
# DWARF 5 of Swift 6.3 release builds), in its own scratch path; attnbench finds it there.
SIM_SCRATCH := .build-sim
SIM_FLAGS := -c release --product attnbench --scratch-path $(SIM_SCRATCH) -Xswiftc -gnone -Xlinker --strip-debug

.PHONY: bench test deps pydeps build sim ci-baseline clean providers format-check format

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# NumPy writes the .npy fixtures of the end-to-end tests; ml_dtypes is the reference the
# FP8 tests compare attnbench's rounding with bit for bit.
pydeps:
	@python3 -c 'import numpy, ml_dtypes' 2>/dev/null || \
	  python3 -m pip install -q numpy ml_dtypes || \
	  echo "warning: could not install numpy/ml_dtypes; tests that need them will say so and skip"

build: deps
	$(SWIFT) build -c release --product attnbench

# The touch marks the build as current: SwiftPM leaves the binary alone when nothing it
# links changed, and attnbench refuses a simulation build older than Sources/ or Package.swift.
sim: deps
	ATTNBENCH_TARGET_CPU=haswell $(SWIFT) build $(SIM_FLAGS)
	touch $(SIM_SCRATCH)/release/attnbench

bench: build sim
	$(BIN) run Suites/quick.yaml

test: deps pydeps sim format-check
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The shipped providers (docs/providers.md) run under .venv/bin/python when it exists.
# TORCH_SPEC picks the wheel: the +cpu build is ~200 MB; PyPI's default pulls CUDA (~5 GB).
PYTHON ?= python3
TORCH_SPEC ?= torch==2.13.0+cpu
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
providers:
	@test -x .venv/bin/python || { echo "creating .venv with $(PYTHON)"; $(PYTHON) -m venv .venv; }
	@echo "installing NumPy into .venv"
	.venv/bin/python -m pip install --progress-bar on numpy
	@echo "installing $(TORCH_SPEC) (CPU only; about 200 MB to download when pip has no local wheel of it)"
	.venv/bin/python -m pip install --progress-bar on "$(TORCH_SPEC)" || \
	  .venv/bin/python -m pip install --progress-bar on "$(TORCH_SPEC)" --extra-index-url $(TORCH_INDEX)
	@.venv/bin/python -c 'import numpy, torch; print("providers ready: numpy", numpy.__version__, "torch", torch.__version__)'

# Re-records the committed CI baseline from this checkout (after a change that moves
# deterministic metrics on purpose: a new tiling, a faster kernel). See docs/ci.md.
ci-baseline: build sim
	scripts/record_ci_baseline.sh

# The code's formatting is part of the tests (settings in .swift-format); `make format`
# rewrites the tree to match.
format-check:
	SWIFT=$(SWIFT) scripts/format.sh check

format:
	SWIFT=$(SWIFT) scripts/format.sh fix

clean:
	rm -rf .build $(SIM_SCRATCH)
