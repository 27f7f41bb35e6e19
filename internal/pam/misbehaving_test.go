package pam_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// PAM Core answers about another object, or with an id that is no id: a read never takes
// another object's id, and a create is recovered rather than tracked under a bad id.
func TestPAMAnswersAboutAnotherObject(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	d, err := e.client.Devices.Upsert(ctx(t), dbDevice())
	if err != nil {
		t.Fatal(err)
	}
	e.mock.FailNextOn("GET /pam/device/{id}", 1, senhaseguramock.Fault{ID: "77"})
	if _, err := e.client.Devices.Get(ctx(t), d.ID); !errors.Is(err, senhasegura.ErrInvalidResponse) || !strings.Contains(err.Error(), `"77"`) {
		t.Fatalf("device about another id: %v", err)
	}
	e.mock.FailNextOn("GET /pam/device/{id}", 1, senhaseguramock.Fault{DropID: true})
	if got, err := e.client.Devices.Get(ctx(t), d.ID); err != nil || got.ID != d.ID {
		t.Fatalf("device without an id: %+v, %v", got, err)
	}
	// A device upsert answering a bad id is resolved by hostname.
	e.mock.FailNextOn("POST /pam/device", 1, senhaseguramock.Fault{ID: "-1"})
	if w, err := e.client.Devices.Upsert(ctx(t), dbDevice()); err != nil || w.ID != d.ID {
		t.Fatalf("device upsert with a bad id: %+v, %v", w, err)
	}
	// A credential create answering a bad id is recovered from the list, created once.
	e.mock.FailNextOn("POST /pam/credential", 1, senhaseguramock.Fault{ID: "2.0"})
	w, err := e.client.Credentials.Create(ctx(t), dbAdmin())
	if err != nil || w.ID == "" || w.ID == "2.0" || e.mock.RequestCount("POST /pam/credential") != 1 {
		t.Fatalf("credential create with a bad id: %+v, %v (%d POSTs)", w, err, e.mock.RequestCount("POST /pam/credential"))
	}
	// The v2 read about another credential is an error.
	e.mock.FailNextOn("GET /v2/pam/credentials/{id}", 1, senhaseguramock.Fault{ID: "99"})
	if _, err := e.client.Credentials.Details(ctx(t), w.ID); err == nil || !strings.Contains(err.Error(), `"99"`) {
		t.Fatalf("v2 about another credential: %v", err)
	}
}
