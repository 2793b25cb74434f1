"""Children with time and memory limits: the fork server and the bounded fork."""
