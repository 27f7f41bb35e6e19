package pam

import (
	"context"
	"fmt"
	"net/http"
	"regexp"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const devicePath = "/pam/device"

var digits = regexp.MustCompile(`^[0-9]+$`)

// DevicesService is PAM Core's devices API (/iso/pam/device).
type DevicesService struct{ api *senhasegura.API }

// Upsert creates the device, or updates the one with the same hostname (quirk P4): every field
// is sent (P10). The same upsert sent again matches what the first stored, so the call is
// retried like any idempotent one. The answer echoes every field.
func (s *DevicesService) Upsert(ctx context.Context, d Device) (*DeviceWritten, error) {
	env, status, err := s.api.Do(ctx, http.MethodPost, devicePath, nil, deviceBody(d), true)
	if err != nil {
		return nil, err
	}
	var w wireDevice
	if err := env.Entity(s.api.Op(http.MethodPost, devicePath), status, &w, "device"); err != nil {
		return nil, err
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
	var w wireDevice
	if err := s.api.Fetch(ctx, http.MethodGet, path, nil, true, &w, "device"); err != nil {
		return nil, err
	}
	d := w.toDevice()
	return &d, nil
}

// List lists the active devices the authorization can see (quirk P6).
func (s *DevicesService) List(ctx context.Context) ([]DeviceListItem, error) {
	var w []wireDevice
	env, status, err := s.api.Do(ctx, http.MethodGet, devicePath, nil, nil, true)
	if err != nil {
		return nil, err
	}
	if err := env.Entity(s.api.Op(http.MethodGet, devicePath), status, &w, "devices"); err != nil {
		if env.HasResponse() {
			return []DeviceListItem{}, nil // no devices: the key may be missing
		}
		return nil, err
	}
	out := make([]DeviceListItem, 0, len(w))
	for _, it := range w {
		out = append(out, it.toListItem())
	}
	return out, nil
}

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

func setActive(ctx context.Context, api *senhasegura.API, method, path, id string) error {
	if err := checkID(api, method, path, id); err != nil {
		return err
	}
	_, _, err := api.Do(ctx, method, path, nil, nil, true)
	return err
}

// checkID refuses an id that is not a digit string before any call (it would be part of the
// path).
func checkID(api *senhasegura.API, method, path, id string) error {
	if !digits.MatchString(id) {
		return api.Refuse(method, path, 0, "the id is not a number")
	}
	return nil
}
