package io.imbridge.provider;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.imbridge.canonical.Element;

/**
 * A provider's element types, the one table of them: which of its type codes reads as which canonical element kind
 * (and how its content is read), and which type code and content each canonical kind is written as — including the
 * kinds it has no type for (their degradation). The dispatch over kinds is here, once; a provider gives only its
 * per-kind parts. A table that leaves a kind unwritten is refused when built ({@link #complete()}), so a new kind
 * shows at start-up.
 *
 * @param <C> the provider's type code (Tencent's {@code MsgType}, OpenIM's {@code contentType}, NetEase's
 *            {@code msgType})
 * @param <R> what a reader is given (the content as received)
 * @param <W> what a writer gives (the content to send)
 */
public final class ElementTypes<C, R, W> {

    /** An element as the provider carries it: its type code and content. */
    public record Written<C, W>(C type, W content) {
    }

    private final Map<C, Function<R, ? extends Element>> readers = new LinkedHashMap<>();
    private final Map<Class<? extends Element>, Function<Element, Written<C, W>>> writers = new HashMap<>();

    /** A type the provider has for {@code kind}, read and written. */
    public <E extends Element> ElementTypes<C, R, W> type(C type, Class<E> kind, Function<R, E> read,
                                                          Function<E, W> write) {
        reads(type, read);
        return writes(kind, e -> new Written<>(type, write.apply(e)));
    }

    /** A type read as a kind that is written by another rule (OpenIM's @-text reads as text). */
    public ElementTypes<C, R, W> reads(C type, Function<R, ? extends Element> read) {
        if (readers.put(type, read) != null) {
            throw new IllegalStateException("type " + type + " read twice");
        }
        return this;
    }

    /** How {@code kind} is written when that is not one type of its own: a degradation, or a type per element. */
    public <E extends Element> ElementTypes<C, R, W> writes(Class<E> kind, Function<E, Written<C, W>> write) {
        if (writers.put(kind, e -> write.apply(kind.cast(e))) != null) {
            throw new IllegalStateException(kind.getSimpleName() + " written twice");
        }
        return this;
    }

    /** This table, checked to write every canonical element kind. */
    public ElementTypes<C, R, W> complete() {
        for (Class<?> kind : Element.class.getPermittedSubclasses()) {
            if (!writers.containsKey(kind)) {
                throw new IllegalStateException("no rule writes " + kind.getSimpleName());
            }
        }
        return this;
    }

    /** The type codes the provider has, in table order. */
    public Set<C> types() {
        return Collections.unmodifiableSet(readers.keySet());
    }

    /** The element {@code content} of {@code type} holds; {@code unknown} refuses a type the table lacks. */
    public Element read(C type, R content, Function<C, ? extends RuntimeException> unknown) {
        Function<R, ? extends Element> reader = readers.get(type);
        if (reader == null) {
            throw unknown.apply(type);
        }
        return reader.apply(content);
    }

    /** {@code element} as the provider carries it. */
    public Written<C, W> write(Element element) {
        return writers.get(element.getClass()).apply(element);
    }
}
