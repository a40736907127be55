// Command quill compiles, plans and applies SQL-first ETL projects.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		fmt.Fprintln(os.Stderr, "\nInterrupted: finishing what is running, skipping the rest (press Ctrl-C again to quit at once).")
		cancel()
		<-sigs
		os.Exit(130)
	}()
	os.Exit(run(ctx, os.Args[1:], newEnv(os.Stdin, os.Stdout, os.Stderr)))
}
