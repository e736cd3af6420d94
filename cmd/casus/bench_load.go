package main

import "context"

func benchLoad(ctx context.Context, e env, args []string) error {
	return usageErrorf("bench load: not built yet")
}
