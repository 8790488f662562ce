package natsexporter

// signal is what the exporter needs to know of traces or logs: how to encode a batch, how
// and how to halve it.
type signal[T any] struct {
	// itemName names one item in errors and logs: "span", "log record".
	itemName string
	encode   func(T) ([]byte, error)
	// halve splits by resource, then by scope, then by item; ok is false for a single item.
	halve func(T) (first, second T, ok bool)
	items func(T) int
}

// part is a piece of a batch and its encoded message.
type part[T any] struct {
	data    T
	payload []byte
}

// fitted is a batch cut into messages that each fit the payload limit.
type fitted[T any] struct {
	parts []part[T]
	// tooLarge holds single items that do not fit on their own, with their encoded size.
	tooLarge []oversized[T]
}

type oversized[T any] struct {
	data  T
	bytes int
}

// fit encodes the batch and halves what exceeds limit bytes until every part fits. The
// halving is deterministic, so the same batch retried gives the same messages (and
// Nats-Msg-Ids). limit <= 0 means unknown: no split.
func fit[T any](batch T, s signal[T], limit int) (fitted[T], error) {
	var out fitted[T]
	pending := []T{batch}
	for len(pending) > 0 {
		next := pending[0]
		pending = pending[1:]
		payload, err := s.encode(next)
		if err != nil {
			return fitted[T]{}, err
		}
		if limit <= 0 || len(payload) <= limit {
			out.parts = append(out.parts, part[T]{data: next, payload: payload})
			continue
		}
		first, second, ok := s.halve(next)
		if !ok {
			out.tooLarge = append(out.tooLarge, oversized[T]{data: next, bytes: len(payload)})
			continue
		}
		// Depth first, in order: the parts keep the batch's order.
		pending = append([]T{first, second}, pending...)
	}
	return out, nil
}
