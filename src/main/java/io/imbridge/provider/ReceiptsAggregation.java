package io.imbridge.provider;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;

import io.imbridge.canonical.DeliveryReceipt;

/** Collects the receipts of a delivery route's calls, in call order. */
@BindToRegistry("receipts")
public class ReceiptsAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange collected, Exchange next) {
        if (next.getException() != null) {
            return next;
        }
        DeliveryReceipt receipt = next.getMessage().getBody(DeliveryReceipt.class);
        if (collected == null) {
            List<DeliveryReceipt> list = new ArrayList<>();
            list.add(receipt);
            next.getMessage().setBody(list);
            return next;
        }
        @SuppressWarnings("unchecked")
        List<DeliveryReceipt> list = collected.getMessage().getBody(List.class);
        list.add(receipt);
        return collected;
    }
}
