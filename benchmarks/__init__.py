"""statuskit's benchmarks: each compares a statuskit operation with a baseline in the same run."""
