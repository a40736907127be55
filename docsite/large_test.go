package docsite

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// genproject finds the shared benchmark generator (../shared/bench beside the
// repository, or /work/shared/bench), or skips without it; in CI (CI=true)
// it must be there.
func genproject(t *testing.T) string {
	for _, p := range []string{filepath.Join("..", "..", "shared", "bench", "genproject.py"), "/work/shared/bench/genproject.py"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("genproject.py not found beside the repository (CI=true)")
	}
	t.Skip("genproject.py not found beside the repository")
	return ""
}

// largeSite generates the 2,000-model benchmark project, compiles it and
// writes its site, logging how long each stage took.
func largeSite(t *testing.T) (*Site, string) {
	gen := genproject(t)
	root := t.TempDir()
	if out, err := exec.Command("python3", gen, "2000", root).CombinedOutput(); err != nil {
		t.Fatalf("genproject: %v\n%s", err, out)
	}
	t0 := time.Now()
	m := compileFixture(t, filepath.Join(root, "quill"))
	t1 := time.Now()
	s := Build(m, nil, DefaultLayoutOptions())
	t2 := time.Now()
	dir := filepath.Join(t.ArtifactDir(), "site")
	if err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	t3 := time.Now()
	fi, err := os.Stat(filepath.Join(dir, "data.js"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("2,000 models: %d nodes, %d edges, %d layers, %d crossings, drawing %d×%d px",
		len(s.Nodes), len(s.Edges), s.Layout.Layers, s.Layout.Crossings, s.Layout.Width, s.Layout.Height)
	t.Logf("compile %v, build site data and layout %v, write %v (data.js %d KB); generation without compile %v",
		t1.Sub(t0).Round(time.Millisecond), t2.Sub(t1).Round(time.Millisecond), t3.Sub(t2).Round(time.Millisecond),
		fi.Size()/1024, t3.Sub(t1).Round(time.Millisecond))
	return s, dir
}

// deepModel is the last model whose user_id derives from a column that
// itself derives from another: one with two hops of lineage to follow.
func deepModel(t *testing.T, s *Site) string {
	for i := len(s.Nodes) - 1; i >= 0; i-- {
		for _, c := range s.Nodes[i].Columns {
			if c.Name == "user_id" && len(c.From) > 0 && len(s.Nodes[c.From[0][0]].Columns[c.From[0][1]].From) > 0 {
				return s.Nodes[i].Name
			}
		}
	}
	t.Fatal("no model with two hops of lineage")
	return ""
}

// TestBrowserLarge loads the site of a 2,000-model project, searches it,
// follows a column two hops, and draws the whole DAG. The times are logged,
// not asserted: this machine is shared.
func TestBrowserLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	p := openBrowser(t)
	s, dir := largeSite(t)

	start := time.Now()
	p.do(chromedp.Navigate(fileURL(t, dir)), chromedp.WaitVisible(chromedp.CSS("#node-list tbody tr")))
	loaded := time.Since(start)
	ready := eval[string](p, "document.documentElement.dataset.readyMs")
	p.wantCount("#node-list tbody tr", 300)
	if got := p.text("#count"); got != fmt.Sprintf("%d of %d nodes", len(s.Nodes), len(s.Nodes)) {
		t.Errorf("count %q", got)
	}
	t.Logf("node list: interactive %s ms after navigation start (page clock), %v wall clock for the test", ready, loaded.Round(time.Millisecond))
	p.shot("large-list")
	all := time.Now()
	p.do(chromedp.Click(chromedp.CSS("#show-all")))
	p.wantCount("#node-list tbody tr", len(s.Nodes))
	t.Logf("show all %d rows: %v", len(s.Nodes), time.Since(all).Round(time.Millisecond))

	// Search for a deep model, open it, follow a column two hops upstream.
	name := deepModel(t, s)
	searched := time.Now()
	p.do(chromedp.SendKeys(chromedp.CSS("#search"), name))
	p.wantCount("#node-list tbody tr", 1)
	t.Logf("search %q: %v wall clock for %d keystrokes, the last filtered in %s ms (page clock)",
		name, time.Since(searched).Round(time.Millisecond), len(name), eval[string](p, "document.documentElement.dataset.filterMs"))
	p.click("#node-list tbody tr:not([hidden]) a", "#columns")
	if got := p.text("#node-name"); got != name {
		t.Fatalf("opened %q, want %q", got, name)
	}
	p.shot("large-node")
	p.click(`#columns tr[data-column="user_id"] td.upstream a`, "#column-name")
	first := p.text("#column-name")
	p.click("#col-upstream a", "#lineage")
	second := p.text("#column-name")
	if first == second || first == name+".user_id" {
		t.Errorf("two hops from %s.user_id went to %s then %s", name, first, second)
	}
	t.Logf("lineage hops: %s.user_id → %s → %s", name, first, second)
	p.shot("large-column-lineage")

	// The whole DAG.
	drawn := time.Now()
	p.hash("#/dag")
	p.wantCount("#dag a.node", len(s.Nodes))
	p.wantCount("#dag path.edge", len(s.Edges))
	t.Logf("whole DAG: drawn in %s ms (page clock), %v wall clock", eval[string](p, "document.documentElement.dataset.renderMs"), time.Since(drawn).Round(time.Millisecond))
	p.shot("large-dag")
	// Zoom in on the middle with the wheel, as a user would, so labels show.
	p.do(chromedp.MouseEvent("mouseWheel", 640, 450, func(m *input.DispatchMouseEventParams) {
		m.DeltaX, m.DeltaY = 1, -1500 // the protocol wants both; a zero is left out of the JSON
	}))
	if scale, _ := strconv.ParseFloat(eval[string](p, "document.getElementById('dag').dataset.scale"), 64); scale < 0.45 {
		t.Errorf("after zooming in the scale is %v", scale)
	}
	p.shot("large-dag-zoomed")

	p.hash("#/schemas")
	p.wantCount("#schemas a.node", len(s.Schemas.Names))
	p.shot("large-schemas")
	p.hash("#/dag/" + s.Nodes[len(s.Nodes)/2].ID + "?up=2&down=2")
	p.do(chromedp.WaitVisible(chromedp.CSS("#focus")))
	t.Logf("around %s, 2 levels: %d nodes", s.Nodes[len(s.Nodes)/2].ID, p.count("#focus a.node"))
	p.shot("large-focus")
	p.checkClean()
}
