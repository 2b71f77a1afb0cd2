/**
 * The real WhatsApp transport: {@link dev.zaileys.baileys.BaileysSocketFactory} drives Baileys in
 * a child Node.js process, with the session in the library's stores.
 */
module dev.zaileys.baileys {
    requires transitive dev.zaileys;
    requires org.slf4j;

    exports dev.zaileys.baileys;
}
