"""A reusable selection: published criteria with weights, scores by several assessors, a ranking with a tie rule
stated in advance, appeals within a deadline and the confirmed list."""
