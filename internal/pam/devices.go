package pam

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const devicePath = "/pam/device"

// DevicesService is PAM Core's devices API (/iso/pam/device).
type DevicesService struct {
	api    *senhasegura.API
	ledger senhasegura.Ledger
	listed senhasegura.Shared[[]DeviceListItem]
}

// Upsert creates the device, or updates the one with the same hostname (quirk P4): every field
// is sent (P10). The same upsert sent again matches what the first stored, so the call is
// retried like any idempotent one. The answer echoes every field.
func (s *DevicesService) Upsert(ctx context.Context, d Device) (*DeviceWritten, error) {
	env, status, err := s.api.Do(ctx, http.MethodPost, devicePath, nil, deviceBody(d), true)
	if err != nil {
		return nil, err
	}
	var w wireDevice
	found, err := entity(env, s.api.Op(http.MethodPost, devicePath), status, &w, "device")
	if err != nil || !found || !digits.MatchString(string(w.ID)) {
		// PAM Core said yes without naming the device (or naming it with something that is no
		// id): it holds it under its hostname now.
		it, ferr := s.FindByHostname(ctx, d.Hostname)
		if ferr != nil {
			what := "names no device"
			if found && w.ID != "" {
				what = fmt.Sprintf("names the device %q, which is not an id (PAM Core's are digits)", string(w.ID))
			}
			return nil, &senhasegura.Error{Op: s.api.Op(http.MethodPost, devicePath), StatusCode: status, API: family.Name,
				Message: "the answer " + what + ", and no listed device has hostname " + d.Hostname + ": it may be stored under another hostname"}
		}
		d.ID = it.ID
		return &DeviceWritten{Device: d, Updated: updatedMessage(env)}, nil
	}
	return &DeviceWritten{Device: w.toDevice(), Updated: updatedMessage(env)}, nil
}

// Get reads one device (GET /iso/pam/device/{id}): every writable field, no secret, no side
// effect. A device gone or deactivated answers 1011 (ErrNotFound, quirk P8).
func (s *DevicesService) Get(ctx context.Context, id string) (*Device, error) {
	path := devicePath + "/" + id
	if err := checkID(s.api, http.MethodGet, path, id); err != nil {
		return nil, err
	}
	env, status, err := s.api.Do(ctx, http.MethodGet, path, nil, nil, true)
	if err != nil {
		return nil, err
	}
	var w wireDevice
	if found, err := entity(env, s.api.Op(http.MethodGet, path), status, &w, "device"); err != nil || !found {
		if err == nil {
			err = &senhasegura.Error{Op: s.api.Op(http.MethodGet, path), StatusCode: status, API: family.Name, Message: `the answer has no "device" object`}
		}
		return nil, err
	}
	if err := answerAbout(s.api, http.MethodGet, path, id, &w.ID, status); err != nil {
		return nil, err
	}
	d := w.toDevice()
	return &d, nil
}

// List lists the active devices the authorization can see (quirk P6).
func (s *DevicesService) List(ctx context.Context) ([]DeviceListItem, error) {
	w, err := list[wireDevice](ctx, s.api, devicePath, "devices")
	if err != nil {
		return nil, err
	}
	at := time.Now()
	out := make([]DeviceListItem, 0, len(w))
	ids := make([]string, 0, len(w))
	for _, it := range w {
		out = append(out, it.toListItem())
		ids = append(ids, string(it.ID))
	}
	s.ledger.Seen(at, ids...)
	return out, nil
}

// Listed is every device the authorization can see, listed once and shared by every caller of
// this client for senhasegura.DefaultListMaxAge (one list per kind and provider process).
func (s *DevicesService) Listed(ctx context.Context) ([]DeviceListItem, error) {
	items, _, err := s.listed.Get(ctx, s.List)
	return items, err
}

// Claim records that a resource of this process holds the device id.
func (s *DevicesService) Claim(id string) { s.ledger.Claim(id) }

// Claimed reports whether a resource of this process holds the device id.
func (s *DevicesService) Claimed(id string) bool { return s.ledger.Claimed(id) }

// FindByHostname is the listed device with hostname (an error matching ErrNotFound when none).
func (s *DevicesService) FindByHostname(ctx context.Context, hostname string) (*DeviceListItem, error) {
	list, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range list {
		if it.Hostname == hostname {
			return &it, nil
		}
	}
	return nil, senhasegura.NoMatch(fmt.Sprintf("no active PAM Core device has hostname %q", hostname))
}

// Deactivate deactivates a device (DELETE /iso/pam/device/{id}), and with it every credential
// on it (quirk P8).
func (s *DevicesService) Deactivate(ctx context.Context, id string) error {
	return setActive(ctx, s.api, http.MethodDelete, devicePath+"/"+id, id)
}

// Activate re-activates a device (PUT /iso/pam/device/{id}); its credentials stay as they are.
// An active device answers an error matching ErrAlreadyActive.
func (s *DevicesService) Activate(ctx context.Context, id string) error {
	return setActive(ctx, s.api, http.MethodPut, devicePath+"/"+id, id)
}
