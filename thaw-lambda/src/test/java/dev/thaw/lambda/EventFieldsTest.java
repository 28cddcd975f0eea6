package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Context;
import dev.thaw.EventSource;
import org.junit.jupiter.api.Test;

class EventFieldsTest {

    @Test
    void tagsACopyOfTheRuntimeContextKeepingEveryOtherFact() {
        Context runtime = LambdaTestEvents.runtimeContext();

        Context tagged = EventFields.context(runtime, EventSource.ALB);

        assertThat(tagged).isNotSameAs(runtime);
        assertThat(tagged.source()).isEqualTo(EventSource.ALB);
        assertThat(tagged.requestId()).isEqualTo(runtime.requestId());
        assertThat(tagged.deadlineMillis()).isEqualTo(runtime.deadlineMillis());
        assertThat(tagged.traceHeader()).isEqualTo(runtime.traceHeader());
        assertThat(tagged.functionArn()).isEqualTo(runtime.functionArn());
        assertThat(tagged.clock()).isSameAs(runtime.clock());
    }

    @Test
    void cancellingTheRuntimeContextCancelsTheTaggedCopy() {
        Context runtime = LambdaTestEvents.runtimeContext();
        Context tagged = EventFields.context(runtime, EventSource.FUNCTION_URL);

        runtime.cancel();

        assertThat(tagged.isCancelled()).isTrue();
    }

    @Test
    void reusesAContextThatAlreadyHasTheSource() {
        Context runtime = Context.builder().source(EventSource.API_GATEWAY_HTTP).build();

        assertThat(EventFields.context(runtime, EventSource.API_GATEWAY_HTTP)).isSameAs(runtime);
    }

    @Test
    void makesADirectContextWhenThereIsNone() {
        Context made = EventFields.context(null, EventSource.API_GATEWAY_REST);

        assertThat(made.source()).isEqualTo(EventSource.API_GATEWAY_REST);
        assertThat(made.hasDeadline()).isFalse();
        assertThat(made.requestId()).isNotBlank();
    }
}
