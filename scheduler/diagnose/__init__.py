"""Why not? Diagnosis of unschedulable plans and explanations of solved ones (issue 8).

- prechecks.py, nostart.py: what can be proved impossible before search (collisions,
  demand per month, why an occurrence has no legal start)
- conflicts.py, subplan.py: minimal sets of activities, hard rules and staff caps that
  cannot hold together (CP-SAT's sufficient assumptions, shrunk by deletion filtering)
- catalogue.py, relax.py, edits.py: changes to the plan file that resolve a conflict
- report.py: a diagnosis from start to end; text.py: in the terminal
- score.py, why.py: a solved plan's score per rule and occurrence, and what keeps an
  occurrence from an earlier or another start (`scheduler explain`)

Modules import the solver lazily where the problem module imports them (no cycles).
"""
