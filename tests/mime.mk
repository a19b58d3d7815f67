# mime tests
