"""What works on a published package, wherever it came from (a checkout, an unpacked release, a
zip, a git revision): read it, load it, validate it, diff it, release it, report on it."""
