# integ tests
