"""Social cooperative models (F8.2): the catalogue, social franchise and replication."""
