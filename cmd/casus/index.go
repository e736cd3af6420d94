package main

import "context"

func cmdIndex(ctx context.Context, e env, args []string) error {
	return usageErrorf("index: not built yet")
}
