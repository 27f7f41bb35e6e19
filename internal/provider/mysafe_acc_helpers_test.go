package provider

import (
	"fmt"
	"reflect"
	"sort"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// testAccCheckMock asserts on what the mock stores for one item.
func testAccCheckMock(m *senhaseguramock.Server, kind senhaseguramock.Kind, id string, check func(senhaseguramock.Item) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		it, ok := m.Item(kind, id)
		if !ok {
			return fmt.Errorf("mock holds no %s %s", kind, id)
		}
		if err := check(it); err != nil {
			return fmt.Errorf("%s %s in the mock: %w", kind, id, err)
		}
		return nil
	}
}

// testAccCheckAllDeactivated is a CheckDestroy that asks the mock: every item of kind must
// exist and be inactive (MySafe has no delete).
func testAccCheckAllDeactivated(m *senhaseguramock.Server, kind senhaseguramock.Kind) func(*terraform.State) error {
	return func(*terraform.State) error {
		items := m.Items(kind)
		if len(items) == 0 {
			return fmt.Errorf("no %s was ever created", kind)
		}
		for _, it := range items {
			if it.Active {
				return fmt.Errorf("%s %s is still active after destroy", kind, it.ID)
			}
		}
		return nil
	}
}

func expectFields(it senhaseguramock.Item, want map[string]string) error {
	for k, v := range want {
		if it.Fields[k] != v {
			return fmt.Errorf("field %s = %q, want %q", k, it.Fields[k], v)
		}
	}
	return nil
}

func expectShares(got []senhaseguramock.Share, want ...senhaseguramock.Share) error {
	g := append([]senhaseguramock.Share{}, got...)
	sort.Slice(g, func(i, j int) bool { return g[i].Name < g[j].Name })
	w := append([]senhaseguramock.Share{}, want...)
	sort.Slice(w, func(i, j int) bool { return w[i].Name < w[j].Name })
	if len(g) == 0 && len(w) == 0 {
		return nil
	}
	if !reflect.DeepEqual(g, w) {
		return fmt.Errorf("shares %+v, want %+v", g, w)
	}
	return nil
}

func shareValue(key, name string, canEdit bool) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{key: knownvalue.StringExact(name), "can_edit": knownvalue.Bool(canEdit)})
}
