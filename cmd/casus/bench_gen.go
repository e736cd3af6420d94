package main

import "context"

func benchGen(ctx context.Context, e env, args []string) error {
	return usageErrorf("bench gen: not built yet")
}
func benchSite(ctx context.Context, e env, args []string) error {
	return usageErrorf("bench site: not built yet")
}
