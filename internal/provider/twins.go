package provider

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Two resources of one configuration must never write one object: two
// senhasegura_pam_device with one hostname (PAM Core's upsert key), two
// senhasegura_pam_credential with one identifier (or one device and username), two
// senhasegura_mysafe_api_secret with one identifier_code. Each would be "created" with the
// other's id, and every apply would flip the object between them. Terraform plans every
// resource of a configuration in one provider process (the plan, and the apply's own plan of
// each change), so each plan of a create or update claims its keys here, and the second
// resource to claim a key fails its plan: at plan time when the values are known, otherwise at
// the apply's plan of that resource, before anything is sent. The plugin protocol does not tell
// a provider a resource's address: Terraform names the resource that failed; the message names
// the key and the other resource by what it plans.

// plannedKeys are the keys claimed in this provider process, with who claimed each.
type plannedKeys struct {
	mu     sync.Mutex
	owners map[string][]plannedOwner
}

type plannedOwner struct {
	token string // the claiming plan: a resource's id, or a token per planned create
	what  string // what that resource plans, for the message
	// weak: the key is only a fallback of the object's (a credential with an identifier also
	// has a device and username): two weak claims of one key do not collide.
	weak bool
}

// claim records key for owner; when another owner has it (and not both weakly), ok is false
// and other describes it.
func (p *plannedKeys) claim(key, token, what string, weak bool) (other string, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.owners == nil {
		p.owners = map[string][]plannedOwner{}
	}
	for _, o := range p.owners[key] {
		if o.token != token && (!o.weak || !weak) {
			return o.what, false
		}
	}
	p.owners[key] = append(p.owners[key], plannedOwner{token: token, what: what, weak: weak})
	return "", true
}

// planToken identifies one plan of a resource: its id when it has one, else a new random token.
func planToken(id string) string {
	if id != "" {
		return "id:" + id
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "new:" + hex.EncodeToString(b)
}

// refuseTwin claims the key (kind, value) for this resource's plan among the keys planned in
// this process (providerData.planned), and adds an error on attr when another resource of the
// configuration planned it first.
func refuseTwin(planned *plannedKeys, typeName, attr, keyDesc, value, token, what, why string, diags *diag.Diagnostics) {
	refuseTwinKey(planned, typeName, attr, keyDesc, value, token, what, why, false, diags)
}

// refuseTwinKey is refuseTwin with a weak claim (plannedOwner.weak) when weak is true.
func refuseTwinKey(planned *plannedKeys, typeName, attr, keyDesc, value, token, what, why string, weak bool, diags *diag.Diagnostics) {
	if planned == nil {
		return
	}
	other, ok := planned.claim(typeName+"\x00"+keyDesc+"\x00"+value, token, what, weak)
	if ok {
		return
	}
	diags.AddAttributeError(path.Root(attr), "Two Resources Of This Configuration Write One Object",
		fmt.Sprintf("Another senhasegura%s resource of this configuration (%s) also plans the %s %q. %s, so the two "+
			"resources would write one object, each apply overwriting what the other wrote. Give each resource its own %s, "+
			"or remove one of them.", typeName, other, keyDesc, value, why, keyDesc))
}
