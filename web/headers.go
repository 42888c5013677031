package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// basePolicy is the Content-Security-Policy of pages without images from
// elsewhere: nothing but this site's own styles, images and forms; no
// script, no frame, no object, no framing by other sites.
const basePolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// policyWithObjects returns basePolicy allowing <object> data from the
// origins (scheme://host[:port]) of the given http(s) URLs.
func policyWithObjects(urls []string) string {
	var origins []string
	for _, raw := range urls {
		if o := origin(raw); o != "" && !slices.Contains(origins, o) {
			origins = append(origins, o)
		}
	}
	if len(origins) == 0 {
		return basePolicy
	}
	slices.Sort(origins)
	return basePolicy + "; object-src " + strings.Join(origins, " ")
}

// origin returns the origin of an absolute http(s) URL, "" for anything
// else.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(u.Host, " ;,'\"") {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// The usual security headers, as ready-made header values (set on every
// response, so they are built once).
var (
	nosniff      = []string{"nosniff"}
	referrer     = []string{"strict-origin-when-cross-origin"}
	frameDeny    = []string{"DENY"}
	permissions  = []string{"camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"}
	opener       = []string{"same-origin"}
	hsts         = []string{"max-age=31536000"}
	strictPolicy = []string{basePolicy}
)

// SecurityHeaders sets on every response of h a strict
// Content-Security-Policy (which h may widen to the objects a page shows),
// and X-Content-Type-Options, Referrer-Policy, X-Frame-Options,
// Permissions-Policy and Cross-Origin-Opener-Policy; behind https also
// Strict-Transport-Security.
func SecurityHeaders(h http.Handler, https bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd["Content-Security-Policy"] = strictPolicy
		hd["X-Content-Type-Options"] = nosniff
		hd["Referrer-Policy"] = referrer
		hd["X-Frame-Options"] = frameDeny
		hd["Permissions-Policy"] = permissions
		hd["Cross-Origin-Opener-Policy"] = opener
		if https {
			hd["Strict-Transport-Security"] = hsts
		}
		h.ServeHTTP(w, r)
	})
}
