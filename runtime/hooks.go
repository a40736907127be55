package runtime

// EventKind says what happened.
type EventKind int

// The events a run reports.
const (
	NodeStarted EventKind = iota
	NodeRetrying
	NodeFinished
)

// Event is one progress report. Hooks are called from worker goroutines;
// implementations serialise their own output.
type Event struct {
	Kind   EventKind
	Name   string
	Action string
	Result *NodeResult // NodeFinished only
	Err    error       // NodeRetrying: the transient error
	Done   int         // nodes finished so far
	Total  int         // nodes the run executes
}

// Hooks receive progress events.
type Hooks interface {
	Event(Event)
}

// HookFunc adapts a function to Hooks.
type HookFunc func(Event)

// Event calls f.
func (f HookFunc) Event(e Event) { f(e) }
