# cncd: the two commands of the README, plus the tools around them.
#   make run [PORT=8080]   install what is missing, build, migrate, load data, serve
#   make test              install what is missing, build, run every test
PORT ?= 8080
PRESET ?= release
BUILD := build/$(PRESET)
CNCD := $(BUILD)/src/cncd
DB ?= var/cncd.db

.PHONY: run test setup assets build data test-unit test-e2e bench format debug-test clean

run: build data
	$(CNCD) --db $(DB) serve --port $(PORT)

test: PRESET = ci
test: build
	ctest --preset ci --output-on-failure -j2
	$(MAKE) --no-print-directory test-e2e PRESET=ci

setup:
	bash scripts/setup.sh

assets: setup
	bash scripts/assets.sh

build: setup assets
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

data: build
	$(CNCD) --db $(DB) migrate
	$(CNCD) --db $(DB) import reference --if-empty
	$(CNCD) --db $(DB) seed-demo --if-empty

test-unit: PRESET = ci
test-unit: build
	ctest --preset ci -L unit --output-on-failure

# Browser tests: Debian Chromium driven by playwright-core against a portal on a free port.
test-e2e:
	PRESET=$(PRESET) node --test tests/e2e/*.test.mjs

bench: build
	bash bench/run.sh

debug-test: PRESET = debug
debug-test: build
	ctest --preset debug --output-on-failure

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')

clean:
	rm -rf build public
