# Two commands on a fresh machine with Python 3.11+, git and make: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := demo/contoso-chat
SCAN   := .venv-scan

.PHONY: demo test venv bench scan oracles clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[validate,test]'
	@touch $(STAMP)

demo: $(STAMP)
	@rm -rf $(DEMO)
	$(BIN)/archkit new chat-baseline --iac terraform --name contoso-chat --location swedencentral \
		--no-input -o $(DEMO)
	@echo
	@echo "A starter repository is in $(DEMO) (git-ignored here). Look at:"
	@echo "  $(DEMO)/README.md              architecture, guidance links, how to deploy"
	@echo "  $(DEMO)/docs/checklists/       the five design-area checklists"
	@echo "  $(DEMO)/infra/                 Terraform root module and one module per component"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Rebuild the data the project carries from the reference folder ../shared (then commit it):
# the shipped oracle index and the reference facts the tests read.
oracles: $(STAMP)
	$(BIN)/python -m generator.oracles.build
	$(BIN)/python tests/data/build_reference_facts.py

# checkov pins packages that conflict with ours (packaging<24, an old pycep): own venv.
# Renders every catalog entry x flavour x network mode (and prod samples) and runs checkov on each.
scan: $(STAMP)
	@test -x $(SCAN)/bin/checkov || ($(PYTHON) -m venv $(SCAN) && $(SCAN)/bin/pip install --quiet checkov==3.3.30)
	$(BIN)/python -m generator.validate.scan_matrix

clean:
	rm -rf $(VENV) $(SCAN) demo dist build
