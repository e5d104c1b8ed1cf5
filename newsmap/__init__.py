"""Project-wide pieces every package may import without a cycle (they import nothing of ours)."""
