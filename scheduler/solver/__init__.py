"""The CP-SAT model: build (build.py), parameters (params.py), search and read-back
(run.py). Rules reach the model only through `RuleContext` (context.py)."""
