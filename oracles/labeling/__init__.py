"""Label jobs on the oracle's side: check labelers' batches, aggregate with Dawid–Skene, judge and pay.

- ``batches``: a submitted batch (answers file + signed ``TaskResult``) checked into ``Answers``;
- ``aggregate``: Dawid–Skene (crowd-kit) and majority vote;
- ``text``: free-text labels (transcription): ROVER (crowd-kit) and pay by word error rate;
- ``quality``: each labeler's verdict on integer counts: gold accuracy, agreement, spammer score;
- ``job``: the job-wide verdict, the labels file and the report;
- ``manifest``: a label job's task records in the result manifest, and a member's audit of them.

crowd-kit is imported only when aggregating (``pip install '.[label]'`` and, without its transformers
dependency, ``pip install --no-deps crowd-kit==1.4.2``: ``make setup`` does both).
"""
