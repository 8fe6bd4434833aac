package io.fleetloop.command.metering;

import io.fleetloop.api.metering.Price;

import java.util.List;

/** The price list a tenant's account opens with (version 1), from {@code fleetloop.metering.default-prices}. */
record DefaultPriceList(List<Price> prices) {
    DefaultPriceList {
        prices = List.copyOf(prices);
    }
}
