#include "pscisim/fvp/fvp_sequencer.h"

namespace pscisim
{

fvp_power_sequencer::fvp_power_sequencer(fvp_pwrc &pwrc, domains d, std::vector<core_port *> cores,
                                         timing t)
    : pw_(pwrc), d_(std::move(d)), cores_(std::move(cores)), t_(t)
{
}

bool fvp_power_sequencer::core_on(unsigned core) const
{
    return d_.cores.at(core)->state() == power_state::on;
}

bool fvp_power_sequencer::cluster_on(unsigned cluster) const
{
    return d_.clusters.at(cluster)->state() == power_state::on;
}

bool fvp_power_sequencer::wfi(unsigned core)
{
    if (!pw_.wfi_power_off(core)) return false;
    // The core stops at its WFI: nothing it does from here on is architecturally
    // visible (its state is lost at OFF).
    d_.clocks.at(core)->set(false);
    cores_.at(core)->power_off();
    if (on_power_down_start) on_power_down_start(core);
    d_.cores[core]->transition(power_state::off, t_.core_down, [this, core] { core_off(core); });
    return true;
}

void fvp_power_sequencer::core_off(unsigned core)
{
    if (on_core_off) on_core_off(core);
    bool cluster_goes = pw_.core_powered_off(core);
    power_domain &cd = *d_.cores[core];
    // A PPONR or wake request that came during the power-down is queued behind it:
    // the core comes straight back, and its cluster stays on.
    if (cd.final_target() == power_state::on) return;
    if (wake_request_raised && pw_.wake_enabled(core) && wake_request_raised(core)) {
        power_up(core, fvp_pwrc::WKUP_GICREQ);
        return;
    }
    if (!cluster_goes) return;
    unsigned cl = d_.cluster_of.at(core);
    d_.clusters[cl]->transition(power_state::off, t_.cluster_down,
                                [this, cl] { pw_.cluster_powered_off(cl); });
}

void fvp_power_sequencer::wake_request(unsigned core)
{
    if (!pw_.wake_enabled(core)) return;
    // Still ON (not yet at its WFI, or powering down): nothing to wake yet; core_off()
    // looks again when it is OFF.
    if (d_.cores.at(core)->target() != power_state::off || d_.cores[core]->in_transition()) return;
    power_up(core, fvp_pwrc::WKUP_GICREQ);
}

void fvp_power_sequencer::power_up(unsigned core, fvp_pwrc::wake_reason why)
{
    power_domain &cd = *d_.cores.at(core);
    if (cd.final_target() == power_state::on) return; // on, or already coming up
    auto core_up = [this, core, why] {
        d_.cores[core]->transition(power_state::on, t_.core_up, [this, core, why] {
            pw_.powered_up(core, why);
            d_.clocks[core]->set(true);
            if (on_powered_up) on_powered_up(core);
            cores_[core]->warm_reset();
        });
    };
    power_domain &cl = *d_.clusters.at(d_.cluster_of.at(core));
    if (cl.final_target() != power_state::on)
        cl.transition(power_state::on, t_.cluster_up, core_up);
    else
        core_up();
}

void fvp_power_sequencer::cold_boot()
{
    if (d_.system) d_.system->force(power_state::on);
    for (power_domain *c : d_.clusters)
        c->force(power_state::on);
    for (unsigned i = 0; i < d_.cores.size(); ++i) {
        d_.cores[i]->force(power_state::on);
        d_.clocks[i]->set(true);
    }
}

} // namespace pscisim
