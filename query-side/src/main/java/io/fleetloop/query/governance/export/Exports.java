package io.fleetloop.query.governance.export;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ContentDisposition;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.AsyncWebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/** What the streamed exports share: sending a page query, the time they may take, their file names. */
final class Exports {

    /** Streams run asynchronously, and the servlet container's default async timeout (30 s on Tomcat) would cut them. */
    static final Duration STREAM_TIMEOUT = Duration.ofHours(1);
    static final String TOTAL_HEADER = "X-Total-Count";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Exports() {
    }

    /** Sends the query and waits, unwrapping the future so errors reach the problem handler as they were thrown. */
    static <R> R ask(QueryGateway queries, Object query, Class<R> responseType) {
        try {
            return queries.query(query, ResponseTypes.instanceOf(responseType)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Gives the stream this request is about to start {@link #STREAM_TIMEOUT} instead of the container's default. */
    static void allowLongStream(NativeWebRequest request) {
        WebAsyncUtils.getAsyncManager(request).registerCallableInterceptor(Exports.class.getName(), new CallableProcessingInterceptor() {
            @Override
            public <T> void beforeConcurrentHandling(NativeWebRequest asyncRequest, Callable<T> task) {
                if (asyncRequest instanceof AsyncWebRequest async) async.setTimeout(STREAM_TIMEOUT.toMillis());
            }
        });
    }

    static String attachment(String what, String tenantId, Instant at, String extension) {
        return ContentDisposition.attachment().filename(what + "-" + tenantId + "-" + STAMP.format(at) + "." + extension)
                .build().toString();
    }
}
