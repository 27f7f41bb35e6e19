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
	found, err := entity(env, s.api.Op(http.MethodPost, devicePath), status, &w, "device")
	if err != nil || !found || w.ID == "" {
		// PAM Core said yes without naming the device: it holds it under its hostname now.
		it, ferr := s.FindByHostname(ctx, d.Hostname)
		if ferr != nil {
			return nil, &senhasegura.Error{Op: s.api.Op(http.MethodPost, devicePath), StatusCode: status, API: family.Name,
				Message: "the answer names no device, and no listed device has hostname " + d.Hostname}
		}
		w = wireDevice{ID: senhasegura.FlexString(it.ID)}
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
	d := w.toDevice()
	return &d, nil
}

// List lists the active devices the authorization can see (quirk P6).
func (s *DevicesService) List(ctx context.Context) ([]DeviceListItem, error) {
	env, status, err := s.api.Do(ctx, http.MethodGet, devicePath, nil, nil, true)
	if err != nil {
		return nil, err
	}
	op := s.api.Op(http.MethodGet, devicePath)
	w, found, err := entities[wireDevice](env, op, status, "devices")
	switch {
	case err != nil:
		return nil, err
	case !found && !env.HasResponse():
		return nil, &senhasegura.Error{Op: op, StatusCode: status, API: family.Name, Message: `the answer has no "devices" list`}
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
