"""The pure core: config models, rules, owners, the sync plan, lists, digest and report text,
the tab codecs. No I/O: every function here takes plain values and returns plain values."""
