// A consumer of the module, built against it through a replace directive the way a
// user's program would: errors.As and errors.Is on FromResponse's error, RetryDecision,
// an error written as a stream event and read back, StreamRetryDecision.
package main

import (
	"errors"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"strings"

	kiwi "kiwimodule"
)

func main() {
	header := http.Header{}
	header.Set("Retry-After", "2")
	body := []byte(`{"error": {"message": "slow down", "type": "t", "code": "brand_new_code"}}`)
	err := kiwi.FromResponse(429, header, body)
	var apiErr *kiwi.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 429 || apiErr.Code != "brand_new_code" {
		fmt.Println("FromResponse did not give an *APIError:", err)
		os.Exit(1)
	}
	if sentinel, ok := kiwi.StatusErrors[429]; ok && !errors.Is(err, sentinel) {
		fmt.Println("the error does not match its status's sentinel")
		os.Exit(1)
	}
	decision := kiwi.RetryDecision(429, header, body, 1, 0.5, 1767225600, kiwi.DefaultConfig(), rand.Float64())
	fmt.Printf("%s: retry %v after %v (%s)\n", err, decision.Retry, decision.Delay(), decision.HintSource)

	// A server writes an error as the catalog's stream event; a client reads it back.
	name, data := "message", ""
	for _, line := range strings.Split(strings.TrimSuffix(kiwi.ErrorEvent(err), "\n\n"), "\n") {
		if strings.HasPrefix(line, "event: ") {
			name = strings.TrimPrefix(line, "event: ")
		} else {
			data = strings.TrimPrefix(line, "data: ")
		}
	}
	event := kiwi.FromStreamEvent(name, data)
	var streamErr *kiwi.APIError
	if event.Kind != kiwi.StreamError || !errors.As(event.Err, &streamErr) || !streamErr.FromStream {
		fmt.Println("the error event did not read back as an error:", event.Kind, event.Err)
		os.Exit(1)
	}
	stream := kiwi.StreamRetryDecision(event.Err, false, header, 1, 0.5, 1767225600, kiwi.DefaultConfig(), rand.Float64())
	fmt.Printf("%s: retry %v after %v (%s)\n", event.Err, stream.Retry, stream.Delay(), stream.HintSource)
}
