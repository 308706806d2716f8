class MergeRefused(Exception):
    """The two records cannot be merged (same record, already merged, different kinds)."""
