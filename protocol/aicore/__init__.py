"""The AI Core (issue 21): small, explainable models that advise on a job and on dispatch.

- ``work``: how much work a task is, in one unit per kind (render: pixels x samples x frames; train:
  parameters x steps x batch; compute: hash iterations or multiply-adds; label: items) — the one feature every
  other part uses, shared by the oracle's dispatch policy and the requester's estimates.
- ``estimate``: quantile models of task duration (scikit-learn) trained from the network's history, with a
  cold start from the benchmarks' measured rates; the wall time and cost of a spec with an interval.
- ``history``: the training rows, read from the indexer's data or simulated from a documented model.
- ``advice``: reward per task, split and replication for a budget and a deadline.
- ``hardware``: a spec's hardware requirements matched against what the sentries measured.

It lives in ``protocol/`` because the oracles (dispatch) and the requester's side (``gpuhive job estimate``,
the dApp) both use it, and the role packages never import each other.
"""
