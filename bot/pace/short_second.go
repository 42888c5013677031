//go:build prixbot_shortsecond

package pace

func init() { defaultSecond = ShortSecond }
