"""Benchmarks run by `make bench` (`bench`, `collatex`) and `make bench-scale` (`scale`); not collected by pytest."""
