# Chronik: `make demo` sets everything up and runs the main job on the bundled example; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo.db
SHARED ?= ../shared/data

.PHONY: venv demo test bench bench-load models eval lint serve clean

$(BIN)/chronik: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask]'
	@touch $@

venv: $(BIN)/chronik

demo: venv
	$(BIN)/chronik ingest examples/ --db $(DB)
	$(BIN)/chronik quotes --db $(DB)
	@echo
	@echo "Explore further:"
	@echo "  $(BIN)/chronik show seed-anti-is-coalition --db $(DB)"
	@echo "  $(BIN)/chronik search 'Zwei-Prozent-Ziel' --db $(DB)"
	@echo "  $(BIN)/chronik quotes --speaker Esper --db $(DB)"
	@echo "  $(BIN)/chronik serve --db $(DB)      # then open http://127.0.0.1:8000/"

test: venv
	$(BIN)/pytest -q

bench: venv
	$(BIN)/python bench/run.py --shared $(SHARED)

# 20 concurrent clients (+4 sending the most expensive searches) against `chronik serve` on 100,000
# stored articles, 60 s a scenario; the store is built once into out/load/ (LOAD_DB=postgresql://… for PostgreSQL).
LOAD_DB ?= out/load/load.db
bench-load: venv
	$(BIN)/python bench/load.py --db $(LOAD_DB)

# NER is not scored here: the shipped model was fine-tuned on the first half of GermEval dev; its
# held-out figure comes from `training/ner/finetune.py` (bench/results/ner-germeval-heldout.json).
eval: venv
	$(BIN)/chronik eval time $(SHARED)/time/wikiwarsde/keyinline
	$(BIN)/chronik eval quotes $(SHARED)/quotes/wikinews/dev
	$(BIN)/chronik eval coref $(SHARED)/syntax/pcc-coref
	$(BIN)/chronik eval pledges $(SHARED)/quotes/wikinews

# Rebuild every shipped lexicon and model from $(SHARED) (about 2 hours on 2 cores).
# NER_FLAGS=--no-nc-vectors builds the NER model without non-commercial inputs (see its card).
# The NER model's second fine-tuning pass (0.4.0 -> 0.5.0) mixes in WikiNEuRal (CC BY-NC-SA), so it runs
# only when non-commercial inputs are allowed; without them the first pass (0.4.0 recipe) is shipped.
NER_SECOND_PASS ?= --wikineural 12000 --steps 2000
NER_NC := $(if $(filter --no-nc-vectors --no-vectors,$(NER_FLAGS)),,yes)
models: venv
	$(BIN)/pip install --quiet -e '.[training]'
	$(BIN)/pip install --quiet --no-deps 'german-nouns==1.2.5'  # data only (its parser pins an old lxml)
	CHRONIK_DATA=$(abspath $(SHARED)) $(BIN)/python training/lexicons/build.py
	CHRONIK_DATA=$(abspath $(SHARED)) $(BIN)/python training/ner/build.py $(NER_FLAGS)
	CHRONIK_DATA=$(abspath $(SHARED)) $(BIN)/python training/ner/finetune.py --ship-measured
	$(if $(NER_NC),CHRONIK_DATA=$(abspath $(SHARED)) $(BIN)/python training/ner/finetune.py --second-pass $(NER_SECOND_PASS),@echo "NER: no second pass (WikiNEuRal is non-commercial)")
	CHRONIK_DATA=$(abspath $(SHARED)) $(BIN)/python training/quotes/build.py
	$(BIN)/python training/pledges/train.py $(abspath $(SHARED))/quotes/wikinews --out src/chronik/models/pledges-de.json

# Style (ruff), types (mypy, config in pyproject.toml) and the layer contract (import-linter, docs/architecture.md).
lint: venv
	$(BIN)/ruff check src tests bench training
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

serve: venv
	$(BIN)/chronik serve --db $(DB)

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
