package generator

// Defuse is defuse, for the tests of package generator_test.
var Defuse = defuse
