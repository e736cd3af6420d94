package main

import "context"

func benchPG(ctx context.Context, e env, args []string) error {
	return usageErrorf("bench pg: not built yet")
}
