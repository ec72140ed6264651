class ConflictError(Exception):
    """Someone else changed the record since it was read; nothing was saved."""
