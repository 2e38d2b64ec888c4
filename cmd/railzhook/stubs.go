package main

import "io"

func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int { return 0 }
func runSchema(args []string, stdin io.Reader, stdout, stderr io.Writer) int   { return 0 }
func runEvents(args []string, stdin io.Reader, stdout, stderr io.Writer) int   { return 0 }
func runExample(args []string, stdin io.Reader, stdout, stderr io.Writer) int  { return 0 }
