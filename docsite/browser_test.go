package docsite

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// These tests open the generated site in a real headless Chromium (Debian's
// chromium package, installed by .ci/run) over file://, click through it as
// a user would, and fail on any request that is not file:// and on any
// console error (the page's Content-Security-Policy turns a request to
// anywhere else into one). Screenshots go to the test's artifact directory:
// go test ./docsite -run Browser -artifacts -outputdir /tmp/shots

// page drives one browser tab and records what the page asked for.
type page struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	requests []string // every URL the page requested
	problems []string // console errors, exceptions, CSP violations
}

// chromiumPath finds Debian's chromium, or skips the test without it; in CI
// (CI=true) a missing browser is a failure, not a skip.
func chromiumPath(t *testing.T) string {
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (CI=true): apt-get install -y chromium")
	}
	t.Skip("chromium is not installed; apt-get install -y chromium to run the browser tests")
	return ""
}

// openBrowser starts a headless Chromium with the flags this machine needs
// (no background networking: its connections would be refused) and a fresh
// profile, and returns a page that records its requests and errors.
func openBrowser(t *testing.T) *page {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// The whole test's deadline: the first Run ties the browser's life to it.
	ctx, cancelTime := context.WithTimeout(actx, 3*time.Minute)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(func() { cancelTab(); cancelTime(); cancelAlloc() })
	p := &page{t: t, ctx: ctx}
	if err := chromedp.Listen(ctx, p.listen); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	return p
}

// listen runs on chromedp's reading goroutine: it only records.
func (p *page) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, ev.Request.URL)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		p.problems = append(p.problems, "exception: "+msg)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var args []string
			for _, a := range ev.Args {
				args = append(args, a.Description+string(a.Value))
			}
			p.problems = append(p.problems, "console.error: "+strings.Join(args, " "))
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p.problems = append(p.problems, "log: "+ev.Entry.Text)
		}
	}
}

// step bounds one action, so a selector that never matches fails in
// seconds rather than at the test's deadline. The browser is already
// running (openBrowser started it), so this timeout cannot stop it.
func (p *page) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.ctx, 30*time.Second)
}

func (p *page) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression and decodes its value.
func eval[T any](p *page, js string) T {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (p *page) count(sel string) int {
	p.t.Helper()
	return eval[int](p, fmt.Sprintf("document.querySelectorAll(%q).length", sel))
}

func (p *page) text(sel string) string {
	p.t.Helper()
	return strings.TrimSpace(eval[string](p, fmt.Sprintf("document.querySelector(%q).innerText", sel)))
}

// wantCount waits for sel and checks how many elements match it.
func (p *page) wantCount(sel string, want int) {
	p.t.Helper()
	p.do(chromedp.WaitReady(chromedp.CSS(sel)))
	if got := p.count(sel); got != want {
		p.t.Errorf("%s: %d elements, want %d", sel, got, want)
	}
}

// click clicks an element, typically a link to another view, and waits for
// an element of the view it leads to.
func (p *page) click(sel, waitFor string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(waitFor)))
}

// hash moves to another view by address and waits until the router has
// drawn it (app.js sets data-route when it is done). chromedp.Navigate
// would wait for a load event that a same-document navigation never fires.
func (p *page) hash(h string) {
	p.t.Helper()
	p.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf("location.hash = %q", h)))
	ctx, cancel := p.step()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf("document.documentElement.dataset.route === %q", h))); err != nil {
		p.t.Fatalf("view %s: %v", h, err)
	}
}

// shot saves a screenshot of the viewport in the artifact directory.
func (p *page) shot(name string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatal(err)
	}
	path := filepath.Join(p.t.ArtifactDir(), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot %s", path)
}

// checkClean fails on any request that left file:// and on any error the
// page reported.
func (p *page) checkClean() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.requests) == 0 {
		p.t.Error("no requests recorded: is the Network domain listened to?")
	}
	for _, u := range p.requests {
		if !strings.HasPrefix(u, "file://") {
			p.t.Errorf("request outside file://: %s", u)
		}
	}
	for _, e := range p.problems {
		p.t.Errorf("page error: %s", e)
	}
	p.t.Logf("%d requests checked", len(p.requests))
}

// fileURL is the file:// address of a site's index.html.
func fileURL(t *testing.T, dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return "file://" + filepath.ToSlash(abs) + "/index.html"
}

func TestBrowserShop(t *testing.T) {
	p := openBrowser(t)
	s := shopSite(t)
	dir := filepath.Join(t.ArtifactDir(), "site")
	if err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.Navigate(fileURL(t, dir)), chromedp.WaitVisible(chromedp.CSS("#node-list tbody tr")))
	p.wantCount("#node-list tbody tr:not([hidden])", len(s.Nodes))
	p.shot("shop-list")

	// Search filters the list as one types.
	p.do(chromedp.SendKeys(chromedp.CSS("#search"), "customer"))
	p.wantCount("#node-list tbody tr:not([hidden])", 4)
	if got := p.text("#count"); got != "4 of 6 nodes" {
		t.Errorf("count %q", got)
	}
	p.shot("shop-search")

	// A node's page: its columns and the columns they come from.
	p.click(`#node-list a[href="#/node/marts.customer_revenue"]`, "#columns")
	if got := p.text("#node-name"); got != "marts.customer_revenue" {
		t.Errorf("node page of %q", got)
	}
	cols := eval[[]string](p, `Array.from(document.querySelectorAll('#columns tbody tr')).map(r => r.dataset.column + ' <- ' + r.querySelector('td.upstream').innerText.trim())`)
	want := []string{"customer_id <- staging.customers.customer_id", "name <- staging.customers.name",
		"country <- staging.customers.country", "revenue <- staging.orders.amount", "orders <- constant"}
	if strings.Join(cols, "\n") != strings.Join(want, "\n") {
		t.Errorf("columns:\n%s\nwant:\n%s", strings.Join(cols, "\n"), strings.Join(want, "\n"))
	}
	if got := p.text("#checks tbody"); !strings.Contains(got, "fail") || !strings.Contains(got, "group_by") {
		t.Errorf("checks without the last result or rule: %q", got)
	}
	p.shot("shop-node")

	// Follow customer_id's lineage two hops upstream, to the seed it started in.
	p.click(`#columns tr[data-column="customer_id"] td.upstream a`, "#column-name")
	if got := p.text("#column-name"); got != "staging.customers.customer_id" {
		t.Errorf("first hop: %q", got)
	}
	p.click(`#col-upstream a`, "#column-name")
	p.do(chromedp.WaitVisible(chromedp.CSS("#lineage")))
	if got := p.text("#column-name"); got != "raw.customers.id" {
		t.Errorf("second hop: %q", got)
	}
	if got := p.text("#col-downstream"); !strings.Contains(got, "staging.customers.customer_id 1 hop") ||
		!strings.Contains(got, "marts.customer_revenue.customer_id 2 hops") {
		t.Errorf("downstream of raw.customers.id: %q", got)
	}
	// The seed column, the two models' columns and the Nostos field of the
	// sink that publishes the mart: lineage reaches the dataset.
	p.wantCount("#lineage .col-row", 4)
	p.wantCount("#lineage path.edge", 3)
	p.shot("shop-column-lineage")

	// The whole DAG, then a click on a node opens its page.
	p.click(`header nav a[href="#/dag"]`, "#dag")
	p.wantCount("#dag a.node", len(s.Nodes))
	p.wantCount("#dag path.edge", len(s.Edges))
	p.shot("shop-dag")
	p.click(`#dag a.node[data-id="staging.orders"]`, "#node-name")
	if got := p.text("#node-name"); got != "staging.orders" {
		t.Errorf("DAG click opened %q", got)
	}

	// One level around staging.customers: raw.customers and customer_revenue.
	p.click("#focus-link", "#focus")
	p.hash("#/dag/staging.customers?up=1&down=1")
	p.wantCount("#focus a.node", 3)
	p.wantCount("#focus path.edge", 2)
	p.click(`header nav a[href="#/schemas"]`, "#schemas")
	p.wantCount("#schemas a.node", len(s.Schemas.Names))
	p.checkClean()
}
